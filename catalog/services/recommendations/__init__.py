"""BPS recommendations (rekomendasi kegiatan statistik), in three modules:

- workflow.py: the transitions and their rules (roles, conflicts of interest, the fields of a
  decision, who sees notes) and `act`, which applies one;
- views.py: what the interfaces read (one dataset's recommendation and events, the reviewer
  queue);
- report.py: datasets per agency and status, as rows, CSV and a text table.

The statuses, the transition table and the status shown ("expired" derived) are the model's:
catalog/models/recommendation.py.
"""
