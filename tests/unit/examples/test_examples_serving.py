"""Serving cost: KV-cache formula, quantization, cost model and the SVG figure."""

import numpy as np
import pytest

from opskb.examples import serving
from opskb.examples.display import FigurePNG
from support.figures import smallest_text_px

PHONE_COLUMN_PX = 320
LEGIBLE_TEXT_PX = 9


def test_kv_cache_counts_keys_and_values():
    one = serving.kv_cache_bytes(
        layers=1, kv_heads=1, head_dim=1, tokens=1, batch=1, bytes_per_value=1
    )
    assert one == 2
    assert (
        serving.kv_cache_bytes(
            layers=32, kv_heads=8, head_dim=128, tokens=4096, batch=1, bytes_per_value=2
        )
        == 2 * 32 * 8 * 128 * 4096 * 2
    )


def test_kv_cache_rejects_non_positive_sizes():
    with pytest.raises(ValueError, match="tokens"):
        serving.kv_cache_bytes(
            layers=1, kv_heads=1, head_dim=1, tokens=0, batch=1, bytes_per_value=2
        )


def test_grouped_query_attention_shrinks_the_cache_by_the_head_ratio():
    model = serving.ServedModel(params=1, layers=4, heads=8, kv_heads=2, head_dim=16)
    assert model.kv_bytes_per_token(kv_heads=8) == 4 * model.kv_bytes_per_token()


def test_quantization_round_trips_exactly_representable_weights():
    weights = np.array([[-7, 0, 3, 7], [1, -1, 2, -2]], dtype=np.float32)
    q = serving.quantize(weights, 4)
    np.testing.assert_allclose(q.dequantize()[0], weights[0])
    assert q.codes.dtype == np.int8
    assert np.abs(q.codes).max() <= 7


def test_group_scales_beat_channel_scales_on_outliers():
    results = {r.scheme: r for r in serving.quantization_study(64, 128, seed=3, group_size=32)}
    assert results["int8, per channel"].output_error < results["int4, per channel"].output_error
    assert results["int4, groups of 32"].output_error < results["int4, per channel"].output_error
    assert results["fp16 (reference)"].output_error < 1e-3
    assert results["int4, per channel"].bytes_per_weight == pytest.approx(0.5 + 64 * 2 / 8192)


def test_quantize_validates_its_arguments():
    with pytest.raises(ValueError, match="bits"):
        serving.quantize(np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match="multiple"):
        serving.quantize(np.ones((2, 6)), 8, group_size=4)


def test_cost_scales_with_misses_and_routing():
    prices = serving.Prices("p", 1.0, 2.0)
    work = serving.Workload(input_tokens=1000, output_tokens=500)
    assert serving.cost_per_thousand(prices, work) == pytest.approx(2.0)
    assert serving.cost_per_thousand(prices, work, cache_hit_rate=0.25) == pytest.approx(1.5)
    free = serving.Prices("free", 0.0, 0.0)
    assert serving.routed_cost_per_thousand(prices, free, work, small_share=0.5) == pytest.approx(
        1.0
    )
    with pytest.raises(ValueError, match="cache_hit_rate"):
        serving.cost_per_thousand(prices, work, cache_hit_rate=1.5)


def test_batching_raises_throughput_until_memory_runs_out():
    device = serving.Accelerator(memory_bytes=100.0, bandwidth_bytes_per_second=10.0)
    rates = [
        serving.decode_tokens_per_second(
            b, weight_bytes=40.0, kv_bytes_per_sequence=5.0, device=device
        )
        for b in (1, 2, 4)
    ]
    assert rates == sorted(rates)
    assert serving.max_batch(40.0, 5.0, device) == 12


def test_figure_has_alt_text_and_legible_labels():
    work, shares = serving.ILLUSTRATIVE_WORKLOAD, (0.0, 0.5)
    figure = serving.plot_cost_vs_hit_rate(work, shares)
    assert smallest_text_px(figure, shown_width_px=PHONE_COLUMN_PX) >= LEGIBLE_TEXT_PX
    picture = FigurePNG.from_figure(figure, alt=serving.cost_figure_alt(work, shares))
    assert repr(picture).startswith("Line chart")
