"""The REST API (/api/v1/) for municipal BI teams and case-system vendors."""
