"""Chinese (Simplified; Traditional matches through folding): complaint, risk and
safety terms.

Sentiment for Chinese comes from the project's Chinese lexicon
(:mod:`monitor.analyzers.chinese`); Chinese is recognised by its script, so there
are no function words here. Written for this project from general knowledge of Chinese.
"""

from __future__ import annotations

COMPLAINT = (
    "投诉", "维权", "曝光", "退款", "退钱", "差评", "骗子", "欺诈", "坑人", "垃圾",
    "态度差", "不处理", "没人管", "没人理", "索赔", "赔偿", "客服", "气愤", "失望", "弄坏",
    "拒绝退款", "拒绝赔偿", "拒绝处理", "拒不", "不给退", "乱收费", "多收费", "霸王条款",
    "虚假宣传", "假货", "上当", "被骗", "消协", "12315",
)  # fmt: skip
RISK = ("抵制", "召回", "安全隐患", "食品安全", "质量问题", "集体诉讼")
# 杀 alone would flag 秒杀 (flash sale) and 杀毒 (antivirus): only its violent compounds
SAFETY = (
    "死亡", "遇害", "身亡", "丧命", "致死", "死者", "受伤", "伤者", "重伤", "伤害",
    "杀人", "杀害", "被杀", "谋杀", "凶杀", "砍人", "刺伤", "殴打", "打人", "强奸",
    "性侵", "猥亵", "暴力", "起诉", "律师", "诉讼", "报警", "中毒", "食物中毒", "失联",
    "遇难", "爆炸", "起火", "火灾",
)  # fmt: skip
