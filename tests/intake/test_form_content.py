"""What the form says comes from the office's content, not from the code."""

from __future__ import annotations

import shutil
from pathlib import Path

from site_paths import SEED_CONTENT


def test_privacy_statement_comes_from_content(make_app, tmp_path: Path) -> None:
    content = Path(shutil.copytree(SEED_CONTENT, tmp_path / "content"))
    site = content / "site.yaml"
    text = site.read_text(encoding="utf-8")
    start = text.index("privacy:")
    end = text.index("# 来访须知")
    site.write_text(
        text[:start] + "privacy:\n  retention: 办结后保存两年\n\n" + text[end:], encoding="utf-8"
    )
    page = make_app(CONTENT_DIR=str(content)).test_client().get("/complaints/new")
    html = page.get_data(as_text=True)
    assert "办结后保存两年" in html
    assert "根治欠薪工作人员，以及负责办理您这件事的单位" in html  # the default


def test_seed_privacy_statement(client) -> None:
    html = client.get("/complaints/new").get_data(as_text=True)
    assert "按档案管理有关规定保存，只用于办理您反映的欠薪问题" in html
