"""The bench's arithmetic and parsing: ratios to the floor, pass/fail beside each target, wrk's figures."""

from bench import load, report
from bench.seed import Sizes


def _page(rps: float, p95: float) -> dict:
    return {"requests_per_s": rps, "p95_ms": p95, "errors": 0}


def test_it_reports_each_page_as_a_ratio_to_the_floor():
    result = {"pages": {"floor": _page(300, 100), "home": _page(120, 250), "hashtag": _page(50, 400)}}
    report.add_targets(result)
    home, hashtag = result["pages"]["home"], result["pages"]["hashtag"]
    assert home["p95_vs_floor"] == 2.5
    assert home["throughput_vs_floor"] == 0.4
    assert home["target"]["pass"] is True
    assert hashtag["target"]["pass"] is False
    failed = {t["name"] for t in result["targets"] if t["pass"] is False}
    assert failed == {"hashtag p95 vs floor", "hashtag throughput vs floor"}


def test_pages_without_a_target_get_ratios_but_no_verdict():
    result = {"pages": {"floor": _page(300, 100), "my_camp": _page(10, 900)}}
    report.add_targets(result)
    assert result["pages"]["my_camp"]["p95_vs_floor"] == 9.0
    assert "target" not in result["pages"]["my_camp"]
    assert result["targets"] == []
    assert result["all_targets_pass"] is False  # nothing judged is not a pass


def test_unequal_query_counts_fail_and_name_the_pages():
    result = {"queries_per_page": {"pages": {"home": {"equal": True}, "profile": {"equal": False}}}}
    report.add_targets(result)
    [target] = result["targets"]
    assert target["pass"] is False
    assert target["figure"] == ["profile"]


def test_a_missing_reminder_machinery_is_reported_not_failed():
    result = {"reminder_wave": {"available": False, "reason": "not in this tree"}}
    report.add_targets(result)
    assert result["targets"] == [
        {"name": "reminder wave", "figure": "not available", "target": "100,000 in < 60 s", "pass": None}
    ]


def test_the_storm_passes_only_when_every_seat_and_place_is_exact():
    storm = {
        "requests": 1000,
        "http_errors": 0,
        "seats": 100,
        "seats_taken": 100,
        "enrolled": 100,
        "waitlisted": 900,
        "waitlist_in_order": True,
        "one_place_each": True,
    }
    result = {"enrolment_storm": dict(storm)}
    report.add_targets(result)
    assert result["enrolment_storm"]["target"]["pass"] is True
    result = {"enrolment_storm": {**storm, "waitlist_in_order": False}}
    report.add_targets(result)
    assert result["enrolment_storm"]["target"]["pass"] is False


def test_it_reads_wrks_figures():
    output = (
        "Running 1s test @ http://127.0.0.1:1/\n"
        'BENCH_JSON {"requests": 10, "duration_us": 1000000, "bytes": 5, "connect_errors": 0, "read_errors": 0, '
        '"write_errors": 0, "status_errors": 1, "timeouts": 0, "p50_us": 1500, "p95_us": 2500, "p99_us": 3000, '
        '"max_us": 4000, "mean_us": 1600.0}\n'
    )
    assert load.parse(output)["p95_us"] == 2500


def test_scale_shrinks_every_count():
    full, small = Sizes.for_scale(1), Sizes.for_scale(0.05)
    assert (full.users, full.posts, full.sessions, full.submissions) == (100_000, 1_000_000, 2000, 50_000)
    assert (full.storm_people, full.storm_seats, full.follow_median, full.follow_max) == (1000, 100, 100, 5000)
    assert small.users == 5000 and small.posts == 50_000 and small.sessions == 100
