"""Adapting cost: parameter counts and memory of full fine-tuning, LoRA and QLoRA."""

import pytest

from opskb.examples import adapting

TINY = adapting.TransformerShape(
    label="tiny", layers=2, d_model=8, heads=4, kv_heads=2, d_ff=16, vocab=10
)


def test_parameter_count_of_a_tiny_shape_by_hand():
    # per block: q 64 + k 32 + v 32 + o 64 + gate 128 + up 128 + down 128 = 576
    assert TINY.block_linear_params() == 2 * 576
    # embeddings and head 2 * 10 * 8, norms (2 * 2 + 1) * 8
    assert TINY.other_params() == 160 + 40
    assert TINY.total_params() == 1152 + 200


def test_lora_trains_rank_times_in_plus_out_per_adapted_matrix():
    # q: 8 + 8, v: 8 + 4 -> r * 28 per block, two blocks
    assert adapting.lora_params(TINY, 2, ("q", "v")) == 2 * 2 * 28
    assert adapting.lora_params(TINY, 4, ("q",)) == 2 * adapting.lora_params(TINY, 2, ("q",))


def test_lora_rejects_bad_rank_and_targets():
    with pytest.raises(ValueError, match="rank"):
        adapting.lora_params(TINY, 0, ("q",))
    with pytest.raises(ValueError, match="targets"):
        adapting.lora_params(TINY, 2, ("attention",))


def test_shape_validation():
    with pytest.raises(ValueError, match="multiple of heads"):
        adapting.TransformerShape("x", 1, 10, 4, 2, 8, 5)
    with pytest.raises(ValueError, match="kv_heads"):
        adapting.TransformerShape("x", 1, 8, 4, 3, 8, 5)


def test_illustrative_shape_is_about_seven_billion_parameters():
    assert 7.0e9 < adapting.ILLUSTRATIVE_SHAPE.total_params() < 7.5e9


def test_memory_orders_full_over_lora_over_qlora():
    shape, targets = adapting.ILLUSTRATIVE_SHAPE, adapting.TARGETS["all linear layers"]
    full = adapting.full_finetuning_memory(shape)
    lora = adapting.lora_memory(shape, 16, targets)
    qlora = adapting.qlora_memory(shape, 16, targets)
    assert full.total_bytes == 16 * shape.total_params()
    assert full.total_bytes > lora.total_bytes > qlora.total_bytes
    assert lora.training_state_bytes == qlora.training_state_bytes
    # the frozen 4-bit block weights take a little over a quarter of their 16-bit size
    single = adapting.qlora_memory(shape, 16, targets, double_quant=False)
    assert single.frozen_weight_bytes > qlora.frozen_weight_bytes


def test_double_quantization_constants_match_the_qlora_paper():
    assert adapting.CONSTANT_BITS_SINGLE == 0.5
    assert abs(adapting.CONSTANT_BITS_DOUBLE - 0.127) < 5e-4


def test_tables_have_one_row_per_setting():
    table = adapting.lora_table(TINY, (1, 2))
    assert table.count("\n") == 1 + 2 * len(adapting.TARGETS) + 1
    assert "full fine-tuning" in table
    memory = adapting.memory_table([adapting.full_finetuning_memory(TINY)])
    assert memory.splitlines()[2].startswith("| full fine-tuning |")
    assert "not counted" in adapting.assumptions_table()
