"""A contact may have several phones, a web address, or only a description."""

from __future__ import annotations

from pathlib import Path

from site_paths import Build, replace_in

from site_builder.loader import load_site

CONTACT = "    phone: 0871-67539921              # 电话号码。必填。\n"
MORE = """    phones: [0871-67539921, "13800001111"]
  - label: 网上反映渠道
    description: 微信搜索“云南人社”小程序，进入“欠薪投诉”
  - label: 县人社局网站
    url: https://rsj.example.gov.cn/
"""


def test_phones_url_and_description_reach_the_site_and_the_feed(
    seed_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    replace_in(seed_dir / "site.yaml", CONTACT, MORE)
    out = tmp_path / "out"
    result = site_builder("build", "--content", seed_dir, "--out", out)
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a class="tel" href="tel:087167539921">0871-67539921</a>、' in page
    assert '<a class="tel" href="tel:13800001111">13800001111</a>' in page
    assert "<li>网上反映渠道：微信搜索“云南人社”小程序，进入“欠薪投诉”</li>" in page
    assert (
        '<li>县人社局网站：<a href="https://rsj.example.gov.cn/" rel="noopener">'
        "https://rsj.example.gov.cn/</a></li>"
    ) in page
    assert page.count('href="tel:') == page.count('class="tel"') + 2  # the call button, footer
    feed = (out / "sessions" / "2021-04-12.ics").read_bytes().decode().replace("\r\n ", "")
    assert "0871-67539921、13800001111" in feed
    assert "网上反映渠道：微信搜索“云南人社”小程序，进入“欠薪投诉”" in feed
    assert "县人社局网站：https://rsj.example.gov.cn/" in feed


def test_the_main_contact_is_the_first_with_a_phone(seed_dir: Path) -> None:
    replace_in(
        seed_dir / "site.yaml",
        "contacts:\n",
        "contacts:\n  - label: 微信小程序\n    description: 搜索“云南人社”\n",
    )
    site = load_site(seed_dir)
    assert site.contacts[0].phone is None and site.contacts[0].tel_uri is None
    assert site.main_contact is site.contacts[1]
    assert (site.main_contact.phone, site.main_contact.tel_uri) == (
        "0871-67539921",
        "tel:087167539921",
    )


def test_a_contact_without_any_way_to_reach_it_is_refused(
    seed_dir: Path, site_builder: Build
) -> None:
    replace_in(seed_dir / "site.yaml", CONTACT, "")
    replace_in(
        seed_dir / "site.yaml", "contacts:\n", 'contacts:\n  - label: 热线\n    phone: "12333"\n'
    )
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert (
        "contacts[1]: give a phone (or phones), a url, or a description "
        "(a platform or mini-program and how to find it)"
    ) in result.output


def test_phone_and_phones_together_are_refused(seed_dir: Path, site_builder: Build) -> None:
    replace_in(seed_dir / "site.yaml", CONTACT, CONTACT + '    phones: ["12333"]\n')
    result = site_builder("check", "--content", seed_dir)
    assert result.exit_code == 1
    assert "contacts[0]: give either phone or phones, not both" in result.output
