"""The staff console under ``/office/``: sign-in, the case list and page, walk-ins."""
