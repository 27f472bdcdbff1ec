"""A sentiment lexicon for Chinese (Simplified, Traditional and Cantonese), written here.

Words of praise and complaint as customers and Weibo users write them, with a weight
each, plus Weibo's bracketed emoticons (``[怒]``, ``[哈哈]``). Text is folded first
(Traditional to Simplified, full width to half width), so one list serves both
scripts; Cantonese words are listed in their folded form. A negator just before a
word (不, 没, 别, 唔, 冇...) turns it around, damped; an intensifier (很, 太, 超...)
strengthens it. The sum is squashed into [-1, 1] as VADER does (``s / sqrt(s² + 15)``).

All words were written for this project from general knowledge of the language,
not drawn from any dataset, and are found in one Aho-Corasick pass.
"""

from __future__ import annotations

import math

import ahocorasick

from monitor.textfold import fold_text

__all__ = ["chinese_polarity"]

_NEGATIVE = {
    # quality, food, delivery
    "差": 1.5, "差劲": 2, "垃圾": 2.5, "难吃": 2.5, "难喝": 2, "难受": 1.5, "慢": 1,
    "凉了": 1.5, "冷了": 1, "洒了": 1.5, "漏了": 1.5, "坏了": 1.5, "坏": 1.5, "脏": 1.5,
    "臭": 1.5, "吵": 1, "贵": 0.5, "咸": 1, "油腻": 1, "少送": 2, "送错": 2, "漏送": 2,
    "没送": 2, "不新鲜": 2, "变质": 2.5, "异物": 2.5, "头发": 1, "虫子": 2.5, "拉肚子": 2.5,
    "不好": 1.5, "不行": 1.5, "不满": 2, "不满意": 2, "不舒服": 1.5, "不爽": 2,
    "故障": 1.5, "失败": 1.5, "问题": 0.5, "麻烦": 1, "破": 1, "旧": 0.5, "一般": 0.5,
    # service and trust
    "投诉": 2, "差评": 2.5, "退款": 1, "态度差": 2.5, "态度恶劣": 3, "没人理": 2,
    "不理": 2, "敷衍": 2, "推脱": 2, "欺骗": 2.5, "骗": 2, "骗子": 3, "忽悠": 2, "坑": 1.5,
    "坑人": 2.5, "坑爹": 2, "黑心": 2.5, "无良": 2.5, "霸王条款": 2.5, "维权": 1.5,
    "曝光": 1, "后悔": 2, "不值": 2, "不推荐": 2, "再也不": 2, "不会再": 1.5, "拉黑": 2,
    # feelings
    "失望": 2, "恶心": 2.5, "生气": 2, "愤怒": 2.5, "气死": 2.5, "无语": 1.5, "郁闷": 1.5,
    "难过": 1.5, "伤心": 2, "悲伤": 2, "悲剧": 2, "痛苦": 2, "崩溃": 2, "绝望": 2.5,
    "讨厌": 2, "可恶": 2, "恨": 2, "烦": 1.5, "烦死": 2.5, "受不了": 2, "害怕": 1.5,
    "可怕": 2, "担心": 1, "倒霉": 2, "无奈": 1, "遗憾": 1.5, "可惜": 1, "可怜": 1,
    "心疼": 1, "哭": 1, "哭了": 1.5, "累": 0.5, "唉": 1, "呵呵": 0.5, "糟糕": 2, "糟": 1.5,
    "烂": 2, "惨": 1.5, "怒": 2, "死": 1, "去死": 3, "妈的": 2, "尼玛": 2, "傻逼": 3,
    "滚": 2, "靠": 1, "坑死": 2.5, "太坑": 2,
    # Cantonese (folded)
    "唔好": 1.5, "冇用": 2, "废": 1.5, "废物": 3, "屎": 2, "柒": 2, "仆街": 3, "嬲": 2,
    "憎": 2, "衰": 2, "顶唔顺": 2.5, "垃圾嘢": 2.5, "好撚": 1, "食屎": 3,
    # Weibo emoticons
    "[怒]": 2.5, "[泪]": 2, "[抓狂]": 2.5, "[衰]": 2, "[悲伤]": 2.5, "[失望]": 2.5,
    "[鄙视]": 2.5, "[生病]": 1.5, "[可怜]": 1.5, "[吐]": 2, "[晕]": 1, "[汗]": 1,
    "[哼]": 1.5, "[怒骂]": 3, "[伤心]": 2.5, "[委屈]": 2, "[弱]": 1.5, "[蜡烛]": 1.5,
    "[囧]": 1, "[打脸]": 1.5, "[左哼哼]": 1.5, "[右哼哼]": 1.5, "[困]": 0.5,
}  # fmt: skip
_POSITIVE = {
    "好吃": 2, "好喝": 2, "美味": 2, "新鲜": 1.5, "香": 1, "很好": 2, "挺好": 2,
    "不错": 2, "满意": 2, "喜欢": 2, "喜爱": 2, "爱": 1.5, "棒": 2, "赞": 2, "点赞": 2,
    "推荐": 1.5, "好评": 2.5, "五星": 2, "快": 0.5, "很快": 1.5, "准时": 1.5, "及时": 1,
    "开心": 2, "高兴": 2, "快乐": 2, "幸福": 2, "感谢": 1.5, "谢谢": 1, "漂亮": 2,
    "好看": 2, "精彩": 2, "方便": 1.5, "干净": 1.5, "舒服": 2, "舒适": 2, "热情": 2,
    "周到": 2, "贴心": 2, "耐心": 1.5, "优秀": 2, "完美": 2.5, "超赞": 2.5, "给力": 2,
    "厉害": 1.5, "可爱": 2, "值得": 1.5, "划算": 1.5, "实惠": 1.5, "性价比高": 2,
    "支持": 1, "加油": 1.5, "期待": 1, "哈哈": 1.5, "嘻嘻": 1.5, "祝福": 1.5, "恭喜": 2,
    "温暖": 1.5, "感动": 1.5, "美好": 2, "享受": 1.5, "惊喜": 2, "分量足": 2, "量大": 1.5,
    "还行": 0.5, "可以": 0.5, "好味": 2, "正": 0.5, "抵食": 2, "钟意": 2,
    "[哈哈]": 2, "[嘻嘻]": 2, "[爱你]": 2.5, "[心]": 1.5, "[鼓掌]": 2, "[good]": 2,
    "[威武]": 2, "[太开心]": 2.5, "[笑哈哈]": 2, "[偷笑]": 1, "[赞]": 2, "[酷]": 1,
    "[花心]": 2, "[害羞]": 1, "[亲亲]": 2, "[给力]": 2, "[耶]": 2, "[礼物]": 1.5,
    "[馋嘴]": 1.5,
}  # fmt: skip
_NEGATORS = ("不", "没", "没有", "别", "无", "未", "唔", "冇", "不是", "并不", "不太", "不怎么")
_INTENSIFIERS = ("很", "太", "非常", "特别", "超", "超级", "真", "最", "巨", "好", "极", "十分")
_DAMP = 0.6  # a negated word counts this much, the other way


def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for words, sign in ((_NEGATIVE, -1.0), (_POSITIVE, 1.0)):
        for word, weight in words.items():
            folded = fold_text(word)
            automaton.add_word(folded, (folded, sign * weight))
    automaton.make_automaton()
    return automaton


_WORDS = _automaton()


def chinese_polarity(text: str) -> float:
    """Polarity in [-1, 1] of a Chinese text (0 when no word of the lexicon is found)."""
    folded = fold_text(text)
    hits = []
    for last, (word, weight) in _WORDS.iter(folded):
        hits.append((last - len(word) + 1, -len(word), weight))
    hits.sort()
    total, reach = 0.0, 0
    for start, negative_length, weight in hits:
        if start < reach:
            continue  # inside a longer word already counted ("不错" before "错")
        reach = start - negative_length
        before = folded[max(0, start - 3) : start]
        if before.endswith(_NEGATORS):
            weight *= -_DAMP
        elif before.endswith(_INTENSIFIERS):
            weight *= 1.5
        total += weight
    return total / math.sqrt(total * total + 15) if total else 0.0
