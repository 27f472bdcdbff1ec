"""Chinese (Simplified; Traditional matches through folding): complaint, risk and
safety terms.

Sentiment for Chinese comes from the project's Chinese lexicon
(:mod:`monitor.analyzers.chinese`); Chinese is recognised by its script, so there
are no function words here. Written for this project from general knowledge of Chinese.
"""

from __future__ import annotations

COMPLAINT = (
    "投诉", "维权", "曝光", "退款", "退钱", "差评", "骗子", "欺诈", "坑人", "垃圾",
    "态度差", "不处理", "没人管", "索赔", "赔偿", "客服", "拒绝", "气愤", "失望", "弄坏",
)  # fmt: skip
RISK = ("抵制", "召回", "安全隐患")
SAFETY = (
    "死亡", "遇害", "身亡", "丧命", "致死", "受伤", "伤害", "杀", "强奸", "性侵",
    "暴力", "起诉", "律师", "诉讼", "中毒", "失联", "遇难",
)  # fmt: skip
