"""Resource estimates: the rules of thumb, their validation and the plot."""

import math

import pytest
from matplotlib.figure import Figure

from opskb import paths
from opskb.examples import resources
from opskb.examples.display import (
    FIGURE_NARROWEST_SHOWN_PX,
    FIGURE_WIDTH_INCHES,
    MIN_TEXT_PX,
    THEME_NEUTRAL_RC,
    figure_png,
    scientific,
)
from support.figures import smallest_text_px

# On a 375 px wide phone, furo's column (inside a demonstration box) shows a figure about
# 320 px wide (measured in Chromium); below ~9 px, chart labels stop being readable.


def test_weight_memory_by_dtype_for_a_7b_model():
    n = 7e9
    assert resources.weight_memory_bytes(n, "fp32") == 28e9
    assert resources.weight_memory_bytes(n, "fp16") == 14e9
    assert resources.weight_memory_bytes(n, "bf16") == 14e9
    assert resources.weight_memory_bytes(n, "int8") == 7e9
    assert resources.weight_memory_bytes(n, "int4") == 3.5e9


def test_compute_rules_follow_kaplan():
    assert resources.training_flops(1e9, 2e10) == pytest.approx(1.2e20)
    assert resources.inference_flops_per_token(7e9) == pytest.approx(1.4e10)
    assert resources.training_state_bytes(1e9) == 16e9


def test_unknown_dtype_names_the_choices():
    with pytest.raises(ValueError, match=r"unknown dtype 'fp8'; choose one of fp32, fp16"):
        resources.weight_memory_bytes(1e6, "fp8")


@pytest.mark.parametrize("bad", [0, -1, math.inf, math.nan, True, "7e9"])
def test_parameter_counts_must_be_positive_numbers(bad):
    with pytest.raises(ValueError, match="n_params must be"):
        resources.training_flops(bad, 1e9)


def test_accelerator_hours_uses_the_callers_throughput():
    assert resources.accelerator_hours(3.6e18, 1e15) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="sustained_flops_per_second"):
        resources.accelerator_hours(1e18, 0)


def test_model_size_validates_its_fields():
    with pytest.raises(ValueError, match="label must not be empty"):
        resources.ModelSize(" ", 1e6, 1e6)
    with pytest.raises(ValueError, match="training_tokens must be"):
        resources.ModelSize("x", 1e6, -5)


def test_estimate_combines_every_rule():
    model = resources.ModelSize("m", 2e6, 1e7)
    result = resources.estimate(model)
    assert result.memory_bytes == {"fp32": 8e6, "fp16": 4e6, "bf16": 4e6, "int8": 2e6, "int4": 1e6}
    assert result.training_flops == pytest.approx(1.2e14)
    assert result.inference_flops_per_token == pytest.approx(4e6)
    assert result.training_state_bytes == 3.2e7


def test_illustrative_models_are_labelled_and_ordered_largest_first():
    models = resources.ILLUSTRATIVE_MODELS
    assert all("illustrative" in m.label for m in models)
    sizes = [m.n_params for m in models]
    assert sizes == sorted(sizes, reverse=True)
    llm, classic = resources.estimate(models[0]), resources.estimate(models[-1])
    assert llm.memory_bytes["fp16"] / classic.memory_bytes["fp16"] == pytest.approx(7000)


@pytest.mark.parametrize(
    ("n_bytes", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1000, "1 KB"),
        (1.4e10, "14 GB"),
        (2.8e10, "28 GB"),
        (5e15, "5e+03 TB"),
    ],
)
def test_human_bytes(n_bytes, text):
    assert resources.human_bytes(n_bytes) == text


def test_human_bytes_rejects_negative():
    with pytest.raises(ValueError, match="must not be negative"):
        resources.human_bytes(-1)


@pytest.fixture(scope="module")
def estimates():
    return [resources.estimate(m) for m in resources.ILLUSTRATIVE_MODELS]


@pytest.fixture(scope="module")
def rendered(estimates) -> tuple[Figure, bytes]:
    """The figure of ``estimates`` and its PNG: laid out once for the tests that read it
    (a render takes a third of a second; the tests only look)."""
    figure = resources.plot_estimates(estimates)
    return figure, figure_png(figure, dpi=30)


def test_plot_has_two_log_panels_and_renders_deterministically(estimates, rendered):
    figure, png = rendered
    assert isinstance(figure, Figure)
    memory_axes, compute_axes = figure.axes
    assert memory_axes.get_yscale() == "log"
    assert compute_axes.get_xscale() == "log"
    assert [t.get_text() for t in memory_axes.get_xticklabels()] == list(resources.DTYPE_BYTES)
    assert png.startswith(b"\x89PNG")
    assert png == figure_png(resources.plot_estimates(estimates), dpi=30)


def test_plot_needs_something_to_plot():
    with pytest.raises(ValueError, match="at least one estimate"):
        resources.plot_estimates([])


def test_estimates_table_rows():
    table = resources.estimates_table([resources.estimate(resources.ModelSize("m", 1e6, 1e6))])
    assert table.splitlines()[2] == "| m | 1 × 10⁶ | 2 MB | 500 KB | 16 MB | 6 × 10¹² | 2 × 10⁶ |"


def test_plot_stacks_its_panels_for_a_phone(rendered):
    figure, _ = rendered  # rendered: laid out, so the panel positions are final
    width, height = figure.get_size_inches()
    assert height > width, "one panel above the other: taller than wide"
    assert width <= 6
    memory_axes, compute_axes = figure.axes
    assert memory_axes.get_position().y0 > compute_axes.get_position().y1


def test_plot_text_stays_legible_on_a_phone(rendered):
    figure, _ = rendered
    assert smallest_text_px(figure, shown_width_px=FIGURE_NARROWEST_SHOWN_PX) >= MIN_TEXT_PX


def test_plot_leaves_the_global_font_size_alone(estimates):
    import matplotlib  # noqa: PLC0415 - only this test reads the global settings

    before = matplotlib.rcParams["font.size"]
    resources.plot_estimates(estimates)
    assert matplotlib.rcParams["font.size"] == before


def test_figure_alt_states_the_gap_the_bars_show(estimates):
    alt = resources.estimates_figure_alt(estimates)
    llm, classic = estimates[0], estimates[-1]
    memory_ratio = llm.memory_bytes["fp16"] / classic.memory_bytes["fp16"]
    compute_ratio = llm.training_flops / classic.training_flops
    for expected in [
        "one above the other",
        f"{len(estimates)} illustrative model sizes",
        resources.human_bytes(llm.memory_bytes["fp16"]),
        resources.human_bytes(classic.memory_bytes["fp16"]),
        f"{memory_ratio:,.0f} times",
        f"{scientific(llm.training_flops)} operations",
        f"{scientific(compute_ratio)} times",
    ]:
        assert expected in alt
    assert "\n" not in alt
    assert "e+" not in alt


def test_figure_alt_smallest_training_to_inference_gap_is_3_d():
    small = resources.estimate(resources.ModelSize("tiny", 1e3, 10))
    big = resources.estimate(resources.ModelSize("huge", 1e9, 1e12))
    # 6 N D / 2 N = 3 D, smallest for the model with the fewest training tokens
    assert "at least 3 × 10¹ times one token" in resources.estimates_figure_alt([big, small])


def test_figure_alt_needs_two_models_to_compare(estimates):
    with pytest.raises(ValueError, match="at least two estimates"):
        resources.estimates_figure_alt(estimates[:1])


def test_assumed_throughput_is_written_once_and_glued():
    """The notebook takes the assumed throughput from the module and glues it for the pages."""
    notebook = (paths.NOTEBOOKS / "resource-estimates.md").read_text(encoding="utf-8")
    assert "resources.ASSUMED_SUSTAINED_FLOPS_PER_SECOND" in notebook
    assert 'glue("resource-estimates-assumed-flops-per-second", flops_per_second' in notebook
    value = resources.ASSUMED_SUSTAINED_FLOPS_PER_SECOND
    typed = {f"{value:{spec}}" for spec in ("g", ".0e", ".0f", ",.0f")}
    typed |= {number.replace("e+", "e") for number in typed}
    assert not [number for number in typed if number in notebook]


def test_pages_that_mention_the_assumed_throughput_state_it():
    key = "resource-estimates.ipynb::resource-estimates-assumed-flops-per-second"
    pages = [
        page
        for page in sorted(paths.DOCS.glob("*.md"))
        if "accelerator" in (text := page.read_text(encoding="utf-8")) and "assum" in text
    ]
    # The resource demonstration has one home (challenges) and may be quoted elsewhere.
    assert pages, "no page states the assumed throughput any more"
    assert [page.name for page in pages if key not in page.read_text(encoding="utf-8")] == []


def test_labels_and_tables_write_powers_of_ten_for_prose(estimates):
    assert "7 × 10⁹ params" in resources.ILLUSTRATIVE_MODELS[0].label
    assert "e+" not in resources.estimates_table(estimates)


def test_the_figure_works_on_a_dark_page(rendered):
    """One ink for all text (the site inverts the figure in dark mode), no legend box; the
    width is the one the site's CSS shows figures at."""
    from matplotlib.colors import to_hex  # noqa: PLC0415
    from matplotlib.text import Text  # noqa: PLC0415

    figure, _ = rendered  # rendered, so the tick labels are there
    inks = {to_hex(t.get_color()) for t in figure.findobj(Text) if t.get_text().strip()}
    assert inks == {THEME_NEUTRAL_RC["text.color"]}
    assert all(not legend.get_frame_on() for legend in figure.legends)
    assert figure.get_figwidth() == FIGURE_WIDTH_INCHES


def test_estimates_table_labels_each_row_by_the_model_kind_alone():
    """The size has its own column; repeated in the label, it wrapped onto five lines on a
    phone."""
    model = resources.ModelSize("language model, 7 × 10⁹ params (illustrative)", 7e9, 2e12)
    row = resources.estimates_table([resources.estimate(model)]).splitlines()[2]
    assert row.startswith("| language model | 7 × 10⁹ |")
