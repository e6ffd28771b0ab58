"""What the public pages state from content: the footer's government facts, what to bring,
addresses with their region in map links, and the sitemap and robots.txt."""

from __future__ import annotations

from pathlib import Path

from site_paths import Build, replace_in

EXAMPLE_ARGS = ("--today", "2023-12-05")
PUBLIC = "base_url: http://127.0.0.1:5000/\n"


def test_footer_states_who_runs_the_site_and_its_filings(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    out = tmp_path / "out"
    result = site_builder("build", "--content", example_dir, "--out", out, *EXAMPLE_ARGS)
    assert result.exit_code == 0, result.output
    assert "warning: the public site" not in result.output
    for page in ("index.html", "sessions/2023-12-16.html", "404.html"):
        html = (out / page).read_text("utf-8")
        assert (
            "<p>主办单位：青山市人力资源和社会保障局<br>承办单位：青山市劳动保障监察支队</p>"
            in html
        )
        assert (
            '<span>政府网站标识码：5301250001</span> <a href="https://beian.miit.gov.cn/" '
            'rel="noopener">滇ICP备12345678号-1</a> <span>滇公网安备53012502000123号</span>'
        ) in html


def test_check_warns_when_a_public_site_lacks_them(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    site = example_dir / "site.yaml"
    for line in ("sponsor: 青山市人力资源和社会保障局\n", 'site_code: "5301250001"\n'):
        replace_in(site, line, "")
    result = site_builder("check", "--content", example_dir, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (
        f"{site}:12: warning: the public site https://rsj.qingshan.example.gov.cn/jiefang/ does "
        "not give sponsor (主办单位), site_code (政府网站标识码): a government site shows "
        "them in its footer"
    ) in result.output
    # A site tried out on this computer is not warned about them.
    replace_in(site, "base_url: https://rsj.qingshan.example.gov.cn/jiefang/\n", PUBLIC)
    result = site_builder("check", "--content", example_dir, "--out", tmp_path / "out")
    assert "warning: the public site" not in result.output


def test_filing_numbers_in_the_wrong_form_are_errors(
    example_dir: Path, tmp_path: Path, site_builder: Build
) -> None:
    site = example_dir / "site.yaml"
    replace_in(site, "滇ICP备12345678号-1", "ICP12345")
    replace_in(site, "滇公网安备53012502000123号", "公安备案")
    replace_in(site, '"5301250001"', "53012")
    result = site_builder("check", "--content", example_dir, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert (
        f"{site}:11: icp_number: expected an ICP filing such as 滇ICP备12345678号, "
        "found 'ICP12345'" in result.output
    )
    assert (
        f"{site}:12: police_number: expected a filing such as 滇公网安备53012502000123号, "
        "found '公安备案'" in result.output
    )
    assert f"{site}:13: site_code: expected 10 letters or digits, found '53012'" in result.output


def test_visit_information(seed_dir: Path, tmp_path: Path, site_builder: Build) -> None:
    replace_in(
        seed_dir / "venues.yaml",
        "    room: 宜良县就业和社会保障服务中心101室\n",
        "    room: 宜良县就业和社会保障服务中心101室\n    address: 振兴街12号\n",
    )
    out = tmp_path / "out"
    assert site_builder("build", "--content", seed_dir, "--out", out).exit_code == 0
    index = (out / "index.html").read_text("utf-8")
    session = (out / "sessions/2021-05-24.html").read_text("utf-8")
    # The region goes before the street, so the map does not find another county's 振兴街.
    query = "%E4%BA%91%E5%8D%97%E7%9C%81%E6%98%86%E6%98%8E%E5%B8%82%E5%AE%9C%E8%89%AF%E5%8E%BF"
    assert f'href="https://uri.amap.com/search?keyword={query}%E6%8C%AF' in session
    assert "<br>振兴街12号" in session and "地址：振兴街12号" in index
    for html in (index, session):
        assert (
            '<p>来访请带上（有什么带什么，没有也可以来）：</p>\n  <ul class="bring">\n'
            "    <li>身份证</li>\n    <li>劳动合同（没有签合同的也可以来）</li>\n"
            "    <li>考勤记录或工资条、工资发放记录</li>\n    <li>欠条、结算单等欠薪凭证</li>\n"
        ) in html
    # 来访须知 no longer repeats the summary.
    assert "<li>现场接待农民工反映欠薪诉求" not in index


def test_sitemap_and_robots(example_dir: Path, tmp_path: Path, site_builder: Build) -> None:
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        assert site_builder("build", "--content", example_dir, "--out", out).exit_code == 0
        outputs.append(((out / "sitemap.xml").read_bytes(), (out / "robots.txt").read_bytes()))
    assert outputs[0] == outputs[1]
    sitemap, robots = outputs[0]
    root = "https://rsj.qingshan.example.gov.cn/jiefang/"
    assert robots == f"User-agent: *\nAllow: /\nSitemap: {root}sitemap.xml\n".encode()
    locations = [
        line.removeprefix(f"<url><loc>{root}").removesuffix("</loc></url>")
        for line in sitemap.decode().splitlines()
        if line.startswith("<url>")
    ]
    assert locations == sorted(locations)
    assert locations[:3] == ["index.html", "notices/notice.html", "sessions/2023-12-04-am.html"]
    assert len(locations) == 2 + 7
