"""Notices of offices across China written by an independent judge (``blind-*``).

Round 1 was written before reading the importer or the other test notices, the later rounds
after; each round was scored at first sight, before the importer was changed for it:
round 1 (hanyang, xinjin, luohu, yiwu, zhangqiu, tongzhou, lingui, anning, fengxian,
xiangcheng, huaiyin, renshou: 68 sessions) 9 right, 47 marked, 7 wrong, 5 missed, 24 invented;
round 2 (jiangning, tianyuan, fuqing, xiuzhou, anding, beilin, yuhang: 26 sessions) 15 right,
11 marked, none wrong, missed or invented; round 3 (linhe, jiaojiang, pingyin, songzi, xianju,
gongshu, shunde: 22 sessions) 9 right, 5 marked, 1 wrong, 7 missed, 1 invented; round 4
(ningxiang, dongtai, guichi, haimen, wenjiang, lanling, qianjiang: 35 sessions) 23 right,
12 marked, none wrong, missed or invented; round 5 (wuhou, changshu, yanta, jinjiang,
shuangliu, huangpu, fuyang: 27 sessions) 13 right, 4 marked, 2 wrong, 8 missed, none invented
(huangpu's 8 were missed for want of a year: it had no date line, which its article now has);
round 6 (xiaoshan, jiangbei, longgang, panyu, kunshan, xiangzhou, yongchuan: 22 sessions)
6 right, 9 marked (4 of them marked for another field than the one wrong), 3 wrong, 4 missed,
none invented; round 7 (nanming, xixiu, erqi, jiyang, wujiang, yongding, jiangjin:
23 sessions) 17 right, 4 marked, none wrong, 2 missed, none invented; round 8 (huli, qingshan,
nanhu, dali, tianhe, shapingba, jianxi: 23 sessions) 17 right, 4 marked, none wrong, 2 missed,
none invented; round 9 (chaoyang, wuzhong, xihu, luancheng, baiyun, zhenhai, yuecheng:
21 sessions) 18 right, none marked or wrong, 3 missed, 1 invented; round 10 (huadu, qujiang,
gaoxin, ruian, feixi, yuyao: 25 sessions) 20 right, 5 marked, none wrong or missed, 9 invented;
round 11 (beihu, jinniu, lucheng, xiangtan, qixing, liwan, tongliang: 20 sessions) 9 right,
3 marked, 5 wrong, 3 missed, none invented; round 12 (pidu, huicheng, kecheng, xindu, yinzhou,
changan, wuchang: 21 sessions) 15 right, 3 marked, none wrong, 3 missed, none invented; round
13 (fengtai, yinchuan, xiuwen, jiulongpo, hantai: 13 sessions) 5 right, 4 marked, 2 wrong,
2 missed, none invented; round 14 (tiexi, qingshanhu, lusong, lanshan, xiangan: 16 sessions)
10 right, 3 marked (for another field than the one wrong), none wrong, 3 missed, none
invented.

Rounds 15 to 31 were each written by four writers who had read neither the importer nor any
test notice (24 notices a round, of every kind: portal pages, red-header 文件 with a 工作方案,
WeChat articles, Word tables, Chromium PDFs, GBK text), and scored strictly at first sight:
round 15 (141 sessions) 65 right, 48 marked, 9 wrong, 19 missed, 2 invented; round 16
(154) 92 right, 37 marked, 3 wrong, 22 missed, 5 invented; round 17 (139) 96 right,
19 marked, 8 wrong, 16 missed, 11 invented; round 18 (138) 104 right, 14 marked, 7 wrong,
13 missed, 6 invented; round 19 (133) 71 right, 34 marked, 8 wrong, 20 missed, 8 invented;
round 20 (130) 111 right, 8 marked, 5 wrong, 6 missed, 10 invented; round 21 (132) 95 right,
23 marked, 5 wrong, 9 missed, 2 invented; round 22 (130) 103 right, 21 marked, 3 wrong,
3 missed, 3 invented; round 23 (135) 113 right, 13 marked, 4 wrong, 5 missed, 3 invented;
round 24 (143) 113 right, 18 marked, 6 wrong, 6 missed, 4 invented; round 25 (140) 112 right,
22 marked, 1 wrong, 5 missed, 4 invented; round 26 (142) 120 right, 17 marked, 1 wrong,
4 missed, none invented; round 27 (152) 141 right, 7 marked, 3 wrong, 1 missed, 2 invented;
round 28 (18 notices, the writers asked for harder ones: 92) 65 right, 20 marked, 5 wrong,
2 missed, none invented; round 29 (144) 110 right, 13 marked, 15 wrong, 6 missed,
11 invented; round 30 (134) 103 right, 30 marked, none wrong, 1 missed, 18 invented;
round 31 (130) 109 right, 11 marked, none wrong, 10 missed (3 of them in a message with no
year, now tests/importer/notices/yearless-pengxi.txt), none invented; round 32 (131)
104 right, 6 marked, none wrong, 21 missed, 1 invented (two of its notices are still not
read: ``unread-*``). Now every session must be right or marked, none invented, and at least
95% exactly right.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from session_score import assert_right_or_marked, notices_named, share_right

BLIND = notices_named("blind")


# Round 32's notices whose sessions the importer still misses: a weekly rule bounded by a
# range with its time in the next item (ruijin), two places a day in a nested list of a PDF
# (hanyin). Each passes strictly once it is read.
UNREAD = notices_named("unread")


@pytest.mark.parametrize("notice", BLIND, ids=[path.name for path in BLIND])
def test_every_session_is_right_or_marked_and_none_invented(notice: Path) -> None:
    assert_right_or_marked(notice)


@pytest.mark.xfail(strict=True, reason="a shape the importer does not read yet")
@pytest.mark.parametrize("notice", UNREAD, ids=[path.name for path in UNREAD])
def test_notices_the_importer_does_not_read_yet(notice: Path) -> None:
    assert_right_or_marked(notice)


def test_at_least_95_percent_of_all_sessions_exactly_right() -> None:
    right, expected = share_right(BLIND)
    assert len(BLIND) >= 98 and expected >= 360
    assert right / expected >= 0.95, f"{right} of {expected} sessions exactly right"


def test_the_kinds_of_file_among_them() -> None:
    assert {path.suffix for path in BLIND} == {".txt", ".md", ".docx", ".pdf"}
    gbk = [path for path in BLIND if path.stem.endswith("-gbk")]
    assert len(gbk) >= 2
    for path in gbk:
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
