import struct

from matplotlib.patches import Rectangle

from bot.chart import draw, salary_chart
from bot.salary import SalaryFact, lookup


def facts(sample_index, query):
    all_facts = [SalaryFact.from_dict(d) for d in sample_index.salaries]
    return [m.fact for m in lookup(all_facts, query).matches]


def bars(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]


def test_one_bar_per_range(sample_index):
    devops = [f for f in facts(sample_index, "devops") if f.role == "DevOps"]
    assert len(devops) == 4
    drawn = bars(draw(devops))
    assert len(drawn) == 4
    spans = sorted((b.get_x(), b.get_x() + b.get_width()) for b in drawn)
    assert spans[0] == (80000, 110000) and spans[-1] == (180000, 250000)


def test_png_is_valid_with_a_height_that_grows_with_the_bars(sample_index):
    few = salary_chart(facts(sample_index, "senior mlops")[:1])
    many = salary_chart(
        [f for f in facts(sample_index, "devops") if f.role == "DevOps"]
        + [f for f in facts(sample_index, "mlops") if f.role == "MLOps"]
    )
    for png in (few, many):
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    height = lambda png: struct.unpack(">II", png[16:24])[1]  # noqa: E731
    assert height(many) > height(few)


def test_open_ended_and_single_values_are_drawn():
    open_top = SalaryFact(
        "SRE", "lead", "Lead", 100000, None, True, "GBP", "year", None, (), "x.md", 1
    )
    single = SalaryFact(
        "SRE", "mid", "Mid", 70000, 70000, False, "GBP", "year", None, (), "x.md", 2
    )
    assert len(bars(draw([open_top, single]))) == 2
