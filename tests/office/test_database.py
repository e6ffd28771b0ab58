"""The casework database's engine: no complaint data in the messages of its errors."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from intake_api.office.database import make_engine


def test_a_database_error_never_carries_the_values_it_was_given(database_url: str) -> None:
    """Such an error may be logged: it must not hold a worker's name or phone."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection, pytest.raises(DBAPIError) as caught:
            connection.execute(
                text("SELECT * FROM no_such_table WHERE phone = :phone"), {"phone": "13812345678"}
            )
    finally:
        engine.dispose()
    assert "13812345678" not in str(caught.value)
