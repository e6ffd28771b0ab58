"""A site's permanent id keeps every calendar UID; the notice is laid out as a document."""

from __future__ import annotations

import uuid
from pathlib import Path

from site_paths import Build, replace_in

from site_builder.calendar_feed import UID_NAMESPACE, session_uid
from site_builder.loader import load_site

YILIANG = "宜良县根治拖欠农民工工资工作领导小组办公室"


def _uids(content: Path) -> dict[str, str]:
    site = load_site(content)
    return {session.id: session_uid(site, session) for session in site.sessions}


def test_a_site_without_id_keeps_the_uids_made_from_its_office(seed_dir: Path) -> None:
    uids = _uids(seed_dir)
    assert uids["2021-04-12"] == str(uuid.uuid5(UID_NAMESPACE, f"{YILIANG}\n2021-04-12"))


def test_an_id_equal_to_the_old_office_keeps_every_uid(seed_dir: Path) -> None:
    before = _uids(seed_dir)
    replace_in(seed_dir / "site.yaml", "# id: ", "id: ")
    replace_in(seed_dir / "site.yaml", f"office: {YILIANG}", "office: 宜良县人力资源和社会保障局")
    assert _uids(seed_dir) == before


def test_the_uids_follow_the_id_not_the_office(seed_dir: Path) -> None:
    replace_in(seed_dir / "site.yaml", f"# id: {YILIANG}", "id: yiliang")
    with_id = _uids(seed_dir)
    assert with_id["2021-04-12"] == str(uuid.uuid5(UID_NAMESPACE, "yiliang\n2021-04-12"))
    replace_in(seed_dir / "site.yaml", f"office: {YILIANG}", "office: 宜良县人力资源和社会保障局")
    assert _uids(seed_dir) == with_id


def test_setting_the_old_office_as_id_is_not_another_office(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    replace_in(seed_dir / "site.yaml", "# id: ", "id: ")
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 0 and "another office" not in result.output, result.output
    replace_in(seed_dir / "site.yaml", f"id: {YILIANG}", "id: yiliang")
    result = site_builder("check", "--content", seed_dir, "--out", out)
    assert (
        f"warning: the last build in the output folder was for another office ({YILIANG}), so "
        "the schedule is not compared with it; if you changed `id` in site.yaml (or `office`, "
        "in a site without `id`), every calendar event gets a new UID and subscribers will "
        f"see each session twice: set `id: {YILIANG}` to keep them"
    ) in result.output


def test_the_notice_shows_issuers_number_and_addressees_as_a_document(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    notice = seed_dir / "notices" / "01-notice.md"
    replace_in(notice, f"issuer: {YILIANG}\n", "")
    replace_in(
        seed_dir / "site.yaml",
        "# issuers:\n#   - 宜良县人力资源和社会保障局\n#   - 宜良县住房和城乡建设局",
        "issuers:\n  - 宜良县人力资源和社会保障局\n  - 宜良县住房和城乡建设局",
    )
    replace_in(seed_dir / "site.yaml", "# document_number: ", "document_number: ")
    replace_in(seed_dir / "site.yaml", "document_type: 通知", "document_type: 公告")
    out = tmp_path / "out"
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 0, result.output
    page = (out / "notices" / "01-notice.html").read_text(encoding="utf-8")
    assert '<p class="document-type">公告</p>' in page
    assert '<p class="document-number">宜人社发〔2021〕12号</p>' in page
    assert '<p class="addressees">各有关单位：</p>' in page
    assert (
        '<div class="signature">\n    <p>宜良县人力资源和社会保障局</p>\n'
        "    <p>宜良县住房和城乡建设局</p>\n    <p>2021年4月12日</p>\n  </div>"
    ) in page
    assert page.index("addressees") < page.index("notice-body") < page.index("signature")
    work_plan = (out / "notices" / "02-work-plan.html").read_text(encoding="utf-8")
    assert "宜人社发" not in work_plan and "addressees" not in work_plan


def test_issuer_and_issuers_together_are_refused(seed_dir: Path, site_builder: Build) -> None:
    replace_in(
        seed_dir / "notices" / "01-notice.md", "kind: notice\n", "kind: notice\nissuers: [甲局]\n"
    )
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "01-notice.md:7: issuer: give either issuer or issuers, not both" in result.output
