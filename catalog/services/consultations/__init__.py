"""Pojok Romantik, the consultation desk (issue 18), in modules:

- desk.py: the calendar (settings, national holidays and local closures, officers on duty,
  slots and seats) and the topics list (catalog/data/consultation_topics.json);
- workflow.py: booking, the transitions and who may take them, the session record and its
  follow-ups;
- survey.py: the satisfaction survey (SKM, PermenPAN-RB 14/2017; catalog/data/skm.json);
- notify.py: in-app notifications, mails after commit, the reminders the scheduler sends;
- report.py: figures for the walidata and BPS, and the public aggregates;
- ical.py: the iCalendar feeds per officer and per agency.

The statuses and the transition table are the model's: catalog/models/consultation.py.
"""
