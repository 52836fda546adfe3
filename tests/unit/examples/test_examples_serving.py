"""Serving cost: KV cache, quantization, cost model, break-even, budget gateway, figure."""

import numpy as np
import pytest

from opskb.examples import serving
from opskb.examples.display import FIGURE_NARROWEST_SHOWN_PX, MIN_TEXT_PX, FigurePNG
from support.figures import smallest_text_px


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


def test_kv_cache_matches_the_paged_attention_papers_example():
    # Kwon et al. 2023: a 13B model (40 layers, 40 heads of 128, 16-bit) keeps about 800 KB
    # per token: 2 x 40 x 5120 x 2 = 819,200 bytes.
    per_token = serving.kv_cache_bytes(
        layers=40, kv_heads=40, head_dim=128, tokens=1, batch=1, bytes_per_value=2
    )
    assert per_token == 819_200


def test_kv_cache_rejects_non_positive_sizes():
    with pytest.raises(ValueError, match="tokens"):
        serving.kv_cache_bytes(
            layers=1, kv_heads=1, head_dim=1, tokens=0, batch=1, bytes_per_value=2
        )


def test_grouped_query_attention_shrinks_the_cache_by_the_head_ratio():
    model = serving.ServedModel(params=1, layers=4, heads=8, kv_heads=2, head_dim=16)
    assert model.kv_bytes_per_token(kv_heads=8) == 4 * model.kv_bytes_per_token()


def test_serving_memory_uses_the_illustrative_shape_and_one_unit():
    model = serving.ILLUSTRATIVE_MODEL
    memory = serving.serving_memory(model, serving.ServingLoad(context_tokens=10, sequences=3))
    assert memory.weights == 2 * model.params
    assert memory.kv_cache == 30 * model.kv_bytes_per_token()
    assert memory.kv_cache_without_gqa == memory.kv_cache * model.heads // model.kv_heads
    assert serving.GB == 1e9


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


def test_cost_scales_with_response_cache_misses_and_routing():
    prices = serving.Prices("p", 1.0, 2.0)
    work = serving.Workload(input_tokens=1000, output_tokens=500)
    assert serving.cost_per_thousand(prices, work) == pytest.approx(2.0)
    assert serving.cost_per_thousand(prices, work, response_cache_hit_rate=0.25) == pytest.approx(
        1.5
    )
    free = serving.Prices("free", 0.0, 0.0)
    assert serving.routed_cost_per_thousand(prices, free, work, small_share=0.5) == pytest.approx(
        1.0
    )
    with pytest.raises(ValueError, match="response_cache_hit_rate"):
        serving.cost_per_thousand(prices, work, response_cache_hit_rate=1.5)


def test_prompt_cache_bills_the_prefix_at_the_cached_price_and_still_calls_the_model():
    prices = serving.Prices("p", 10.0, 20.0, cached_input_per_million=1.0)
    work = serving.Workload(input_tokens=1000, output_tokens=100, cached_prefix_tokens=800)
    # 200 uncached at 10, 800 cached at 1, 100 output at 20 (per million tokens)
    expected = (200 * 10 + 800 * 1 + 100 * 20) / 1e6
    assert serving.cost_per_request(prices, work, prompt_cache=True) == pytest.approx(expected)
    assert serving.cost_per_request(prices, work) == pytest.approx((1000 * 10 + 100 * 20) / 1e6)
    with pytest.raises(ValueError, match="cached-input"):
        serving.cost_per_request(serving.Prices("q", 1.0, 1.0), work, prompt_cache=True)


def test_reasoning_tokens_are_billed_as_output_and_batch_scales_every_price():
    prices = serving.Prices("p", 0.0, 10.0, batch_multiplier=0.5)
    work = serving.Workload(input_tokens=0, output_tokens=100, reasoning_tokens=400)
    assert serving.cost_per_request(prices, work) == pytest.approx(500 * 10 / 1e6)
    assert serving.cost_per_request(prices, work, batch=True) == pytest.approx(250 * 10 / 1e6)


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


def test_break_even_is_where_the_daily_costs_meet():
    prices = serving.Prices("p", 1000.0, 0.0)  # 1.0 per request of 1,000 input tokens
    work = serving.Workload(input_tokens=1000, output_tokens=0)
    plan = serving.SelfHosting(
        accelerator_per_day=10.0, requests_per_second=0.001, operations_per_day=30.0
    )
    # one accelerator serves 86.4 requests a day: 40 a day needs one, at 10 + 30 = 40
    volume = serving.break_even_requests_per_day(prices, work, plan)
    assert volume == pytest.approx(40.0)
    assert plan.cost_per_day(volume) == pytest.approx(
        serving.hosted_cost_per_day(prices, work, volume)
    )
    assert plan.cost_per_day(volume - 1) > serving.hosted_cost_per_day(prices, work, volume - 1)


def test_break_even_adds_accelerators_and_gives_up_when_the_margin_is_gone():
    prices = serving.Prices("p", 1000.0, 0.0)
    work = serving.Workload(input_tokens=1000, output_tokens=0)
    # capacity 86.4 a day at 80 rent: margin 6.4 a day per accelerator, 30 fixed -> 5 of them
    plan = serving.SelfHosting(
        accelerator_per_day=80.0, requests_per_second=0.001, operations_per_day=30.0
    )
    volume = serving.break_even_requests_per_day(prices, work, plan)
    assert plan.accelerators(volume) == 5
    assert volume == pytest.approx(5 * 80 + 30)
    dear = serving.SelfHosting(
        accelerator_per_day=100.0, requests_per_second=0.001, operations_per_day=0.0
    )
    assert serving.break_even_requests_per_day(prices, work, dear) is None


def test_self_hosting_takes_its_rate_from_the_batching_model_at_the_largest_batch():
    device = serving.Accelerator(
        memory_bytes=100.0, bandwidth_bytes_per_second=10.0, price_per_hour=2.0
    )
    model = serving.ServedModel(params=20, layers=1, heads=1, kv_heads=1, head_dim=1)
    work = serving.Workload(
        input_tokens=1, output_tokens=1
    )  # 2 tokens x 2 x 2 bytes = 8 per sequence
    plan = serving.hypothetical_self_hosting(
        model, work, device, utilisation=0.5, operations_per_day=0.0
    )
    # weights 40 bytes; 7 sequences of 8 fit in the other 60; a step reads 40 + 56 = 96 bytes
    assert plan.requests_per_second == pytest.approx(0.5 * 7 / (96 / 10.0))
    assert plan.accelerator_per_day == pytest.approx(48.0)
    with pytest.raises(ValueError, match="do not fit"):
        serving.hypothetical_self_hosting(
            serving.ServedModel(params=60, layers=1, heads=1, kv_heads=1, head_dim=1), work, device
        )


def test_gateway_refuses_a_call_whose_worst_case_would_pass_the_budget_and_charges_actual_cost():
    prices = serving.Prices("p", 0.0, 1e6)  # 1.0 per output token
    gateway = serving.BudgetGateway(prices, {"a": 9.0, "b": 9.0})
    small = serving.Request("a", serving.Workload(0, 2), max_output_tokens=4)
    assert gateway.submit(small)  # reserves 4, charges 2
    assert gateway.spent["a"] == pytest.approx(2.0)
    assert gateway.submit(small)
    assert gateway.submit(small)  # spent 6; the worst case of the next is 4
    assert not gateway.submit(small)  # 6 + 4 > 9: refused, though 6 + 2 would fit
    assert gateway.submit(serving.Request("b", serving.Workload(0, 2), max_output_tokens=4))
    assert not gateway.submit(serving.Request("c", serving.Workload(0, 1), max_output_tokens=1))
    assert gateway.refused == {"a": 1, "c": 1}


def test_scripted_traffic_is_seeded_and_the_agent_loop_grows_its_context():
    first, again = serving.scripted_traffic(0), serving.scripted_traffic(0)
    assert first == again
    agent = [r.workload.input_tokens for r in first if r.team == "agent"]
    assert agent == sorted(agent)
    assert len(set(agent)) == len(agent)


def test_figure_has_alt_text_and_legible_labels():
    work, shares = serving.ILLUSTRATIVE_WORKLOAD, (0.0, 0.5)
    figure = serving.plot_cost_vs_hit_rate(work, shares)
    assert smallest_text_px(figure, shown_width_px=FIGURE_NARROWEST_SHOWN_PX) >= MIN_TEXT_PX
    picture = FigurePNG.from_figure(figure, alt=serving.cost_figure_alt(work, shares))
    assert repr(picture).startswith("Line chart")
