"""HTTP interfaces: REST API v1 (flask-smorest), health endpoints, error answers."""
