"""``handoutkit new``: a starter handout in one of the languages we wrote one for.

A starter teaches the format: a title made from the file's name, a summary, a paragraph with a
citation, bullets, numbered steps, a warning note and a checklist, one reference, and comments that say what to
replace. It passes ``handoutkit check`` with no findings on the day it is written (its ``reviewed``
date is that day), so whatever ``check`` reports later is the author's to look at. Its first line
points editors at the handout schema (``validate.editorschema.modeline``).
"""

from __future__ import annotations

import datetime
import json
import re
import shlex
from pathlib import Path
from typing import TextIO

from msgspec import Struct

from ..language.words import catalog_tag

SOURCE = Path("source")
SUFFIXES = (".yaml", ".yml")
_WIDTH = 100  # wrap the sample paragraphs before this column, as the example handouts are
# The patterns are compiled when first used (``re`` keeps them): not at every start of the command line.
# A language tag as the starter accepts it: language, then an optional script and region (es, es-MX,
# pt-BR, zh-Hant-TW); a subset of what validation accepts, so that a starter never fails on it.
_TAG = r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|\d{3}))?"
# Characters the inline markup reads (``*emphasis*``, ``[links](...)``, ``[@citations]``, ``{fields}``),
# escaped with a backslash in a title made from a file name, so that it prints as typed.
_MARKUP = r"([*\[\]@{}\\])"
# A title that YAML reads as the same text without quotes: it starts with a letter or digit and
# holds nothing YAML gives a meaning to (': ', ' #', quotes, flow brackets, a final ':').
_PLAIN = r"[^\W_][^:#\"'\[\]{},\\]*(?<![\s:])"


class _Text(Struct, frozen=True):
    """A starter's sample text in one language: each value is what it says to write there."""

    summary: str
    first_heading: str
    paragraph: str  # ends with the citation of the one reference, [@source-1]
    bullets: tuple[str, str]
    second_heading: str
    steps: tuple[str, str]
    note_title: str
    note: str
    checklist_title: str
    checklist: tuple[str, str]
    reference_title: str
    reference_site: str
    translated: bool = False  # written by us in a language none of us is qualified to publish in


# One starter per built-in word catalog (language/catalogs/*.yaml); tests/cli/test_new.py checks that
# every catalog has one and that each passes ``handoutkit check`` with no findings.
STARTERS = {
    "en": _Text(
        summary="Say here in one or two short sentences what this handout is for. Write for your "
        "patients: use short sentences and everyday words.",
        first_heading="What is it?",
        paragraph="Explain the topic in a short paragraph. Put a source after each health fact, like this [@source-1].",
        bullets=("Use bullets for a short list.", "Keep each item short."),
        second_heading="What to do",
        steps=("Write the first step.", "Write the next step."),
        note_title="When to call your care team",
        note="Say when to call, and give the phone number.",
        checklist_title="Bring to your visit",
        checklist=("Your medicine list", "Your questions for your care team"),
        reference_title="Replace this with the title of your source",
        reference_site="The website or publisher",
    ),
    "es": _Text(
        summary="Diga aquí en una o dos frases cortas para qué sirve esta hoja. Escriba para sus "
        "pacientes: use frases cortas y palabras de todos los días.",
        first_heading="¿Qué es?",
        paragraph="Explique el tema en un párrafo corto. Ponga una fuente después de cada dato de "
        "salud, así [@source-1].",
        bullets=("Use viñetas para una lista corta.", "Cada punto debe ser corto."),
        second_heading="¿Qué debe hacer?",
        steps=("Escriba el primer paso.", "Escriba el paso siguiente."),
        note_title="Cuándo llamar a su equipo de atención médica",
        note="Diga cuándo deben llamar y escriba el número de teléfono.",
        checklist_title="Traiga a su cita",
        checklist=("Su lista de medicinas", "Sus preguntas para su equipo de atención médica"),
        reference_title="Cambie esto por el título de su fuente",
        reference_site="El sitio web o la editorial",
    ),
    "fr": _Text(
        summary="Dites ici en une ou deux phrases courtes à quoi sert ce document. Écrivez pour vos "
        "patients : des phrases courtes et des mots simples.",
        first_heading="De quoi s'agit-il ?",
        paragraph="Expliquez le sujet en un court paragraphe. Mettez une source après chaque fait de "
        "santé, comme ceci [@source-1].",
        bullets=("Utilisez des puces pour une courte liste.", "Gardez chaque point court."),
        second_heading="Que faire ?",
        steps=("Écrivez la première étape.", "Écrivez l'étape suivante."),
        note_title="Quand appeler votre équipe soignante",
        note="Dites quand appeler, et donnez le numéro de téléphone.",
        checklist_title="À apporter à votre rendez-vous",
        checklist=("Votre liste de médicaments", "Vos questions pour votre équipe soignante"),
        reference_title="Remplacez ceci par le titre de votre source",
        reference_site="Le site web ou l'éditeur",
        translated=True,
    ),
    "pt": _Text(
        summary="Diga aqui em uma ou duas frases curtas para que serve este folheto. Escreva para os "
        "seus pacientes: use frases curtas e palavras do dia a dia.",
        first_heading="O que é?",
        paragraph="Explique o assunto em um parágrafo curto. Coloque uma fonte depois de cada "
        "informação de saúde, assim [@source-1].",
        bullets=("Use marcadores para uma lista curta.", "Cada item deve ser curto."),
        second_heading="O que fazer?",
        steps=("Escreva o primeiro passo.", "Escreva o passo seguinte."),
        note_title="Quando ligar para a sua equipe de saúde",
        note="Diga quando ligar e escreva o número de telefone.",
        checklist_title="Leve à sua consulta",
        checklist=("A sua lista de remédios", "As suas perguntas para a sua equipe de saúde"),
        reference_title="Troque isto pelo título da sua fonte",
        reference_site="O site ou a editora",
        translated=True,
    ),
    "vi": _Text(
        summary="Hãy viết ở đây trong một hoặc hai câu ngắn tờ hướng dẫn này dùng để làm gì. Hãy viết "
        "cho bệnh nhân: dùng câu ngắn và từ ngữ thông dụng.",
        first_heading="Đây là gì?",
        paragraph="Hãy giải thích chủ đề trong một đoạn văn ngắn. Ghi nguồn sau mỗi thông tin sức "
        "khỏe, như thế này [@source-1].",
        bullets=("Dùng dấu đầu dòng cho một danh sách ngắn.", "Mỗi ý nên ngắn gọn."),
        second_heading="Bạn cần làm gì?",
        steps=("Viết bước đầu tiên.", "Viết bước tiếp theo."),
        note_title="Khi nào cần gọi cho nhóm chăm sóc của bạn",
        note="Hãy ghi rõ khi nào cần gọi và số điện thoại.",
        checklist_title="Mang theo khi đi khám",
        checklist=("Danh sách thuốc của bạn", "Câu hỏi cho nhóm chăm sóc của bạn"),
        reference_title="Thay dòng này bằng tên nguồn của bạn",
        reference_site="Trang web hoặc nhà xuất bản",
        translated=True,
    ),
    "zh-Hans": _Text(
        summary="请在这里用一两句短句说明这份资料的用途。为患者写作：句子要短，用日常词语。",
        first_heading="这是什么？",
        paragraph="用一小段话解释这个主题。每个健康事实后面都写上来源，就像这样 [@source-1]。",
        bullets=("简短的清单可以用项目符号。", "每一项都要简短。"),
        second_heading="该怎么做",
        steps=("写下第一步。", "写下下一步。"),
        note_title="什么时候打电话给您的医疗团队",
        note="写明什么时候应该打电话，并写上电话号码。",
        checklist_title="就诊时请带上",
        checklist=("您的用药清单", "您想问医疗团队的问题"),
        reference_title="把这里换成来源的标题",
        reference_site="网站或出版者",
        translated=True,
    ),
    "zh-Hant": _Text(
        summary="請在這裡用一兩句短句說明這份資料的用途。為病人寫作：句子要短，用日常詞語。",
        first_heading="這是什麼？",
        paragraph="用一小段話解釋這個主題。每個健康事實後面都寫上來源，就像這樣 [@source-1]。",
        bullets=("簡短的清單可以用項目符號。", "每一項都要簡短。"),
        second_heading="該怎麼做",
        steps=("寫下第一步。", "寫下下一步。"),
        note_title="什麼時候打電話給您的醫療團隊",
        note="寫明什麼時候應該打電話，並寫上電話號碼。",
        checklist_title="看診時請帶上",
        checklist=("您的用藥清單", "您想問醫療團隊的問題"),
        reference_title="把這裡換成來源的標題",
        reference_site="網站或出版者",
        translated=True,
    ),
    "ja": _Text(
        summary="この資料が何のためのものかを、ここに短い文で一つか二つ書いてください。"
        "患者さんに向けて、短い文とやさしい言葉で書きます。",
        first_heading="これは何ですか？",
        paragraph="このテーマを短い段落で説明します。健康に関する事実のあとには、"
        "このように出典を書きます [@source-1]。",
        bullets=("短いリストには箇条書きを使います。", "各項目は短くします。"),
        second_heading="すること",
        steps=("最初の手順を書きます。", "次の手順を書きます。"),
        note_title="医療チームに電話するとき",
        note="いつ電話するかと、電話番号を書きます。",
        checklist_title="受診のときに持ってくるもの",
        checklist=("お薬の一覧", "医療チームへの質問"),
        reference_title="ここを出典の題名に書きかえます",
        reference_site="ウェブサイトまたは発行者",
        translated=True,
    ),
    "ko": _Text(
        summary="이 안내문이 무엇을 위한 것인지 여기에 짧은 문장 한두 개로 쓰세요. "
        "환자를 위해 짧은 문장과 쉬운 말을 쓰세요.",
        first_heading="이것은 무엇인가요?",
        paragraph="주제를 짧은 문단으로 설명하세요. 건강에 관한 사실 뒤에는 이렇게 출처를 쓰세요 [@source-1].",
        bullets=("짧은 목록에는 글머리표를 쓰세요.", "각 항목은 짧게 쓰세요."),
        second_heading="해야 할 일",
        steps=("첫 번째 단계를 쓰세요.", "다음 단계를 쓰세요."),
        note_title="의료진에게 전화해야 할 때",
        note="언제 전화해야 하는지와 전화번호를 쓰세요.",
        checklist_title="진료 때 가져올 것",
        checklist=("복용하는 약 목록", "의료진에게 할 질문"),
        reference_title="이 부분을 출처의 제목으로 바꾸세요",
        reference_site="웹사이트 또는 발행처",
        translated=True,
    ),
    "ru": _Text(
        summary="Напишите здесь в одном или двух коротких предложениях, для чего эта памятка. Пишите для "
        "пациентов: короткие предложения и простые слова.",
        first_heading="Что это такое?",
        paragraph="Объясните тему в коротком абзаце. После каждого факта о здоровье укажите источник, "
        "вот так [@source-1].",
        bullets=("Для короткого списка используйте пункты.", "Каждый пункт должен быть коротким."),
        second_heading="Что делать",
        steps=("Напишите первый шаг.", "Напишите следующий шаг."),
        note_title="Когда звонить вашей медицинской команде",
        note="Напишите, когда нужно звонить, и укажите номер телефона.",
        checklist_title="Возьмите с собой на прием",
        checklist=("Список ваших лекарств", "Ваши вопросы для медицинской команды"),
        reference_title="Замените это названием вашего источника",
        reference_site="Сайт или издатель",
        translated=True,
    ),
    "tl": _Text(
        summary="Isulat dito sa isa o dalawang maikling pangungusap kung para saan ang handout na ito. "
        "Sumulat para sa iyong mga pasyente: maiikling pangungusap at simpleng salita.",
        first_heading="Ano ito?",
        paragraph="Ipaliwanag ang paksa sa isang maikling talata. Maglagay ng pinagmulan pagkatapos ng "
        "bawat impormasyon tungkol sa kalusugan, tulad nito [@source-1].",
        bullets=("Gumamit ng bullet para sa maikling listahan.", "Panatilihing maikli ang bawat isa."),
        second_heading="Ano ang gagawin",
        steps=("Isulat ang unang hakbang.", "Isulat ang susunod na hakbang."),
        note_title="Kailan tatawag sa iyong care team",
        note="Sabihin kung kailan tatawag, at ibigay ang numero ng telepono.",
        checklist_title="Dalhin sa iyong pagbisita",
        checklist=("Ang listahan ng iyong mga gamot", "Ang iyong mga tanong para sa iyong care team"),
        reference_title="Palitan ito ng pamagat ng iyong pinagmulan",
        reference_site="Ang website o tagapaglathala",
        translated=True,
    ),
    "ht": _Text(
        summary="Ekri isit la nan youn oswa de fraz kout pou kisa fèy sa a ye. Ekri pou pasyan ou yo: "
        "fraz kout ak mo chak jou.",
        first_heading="Kisa sa ye?",
        paragraph="Eksplike sijè a nan yon ti paragraf. Mete yon sous apre chak enfòmasyon sou sante, "
        "konsa [@source-1].",
        bullets=("Sèvi ak pwen pou yon ti lis.", "Kenbe chak pwen kout."),
        second_heading="Kisa pou w fè",
        steps=("Ekri premye etap la.", "Ekri etap ki vin apre a."),
        note_title="Kilè pou w rele ekip swen ou",
        note="Di kilè pou yo rele, epi bay nimewo telefòn nan.",
        checklist_title="Pote nan randevou ou",
        checklist=("Lis medikaman ou", "Kesyon ou genyen pou ekip swen ou"),
        reference_title="Ranplase sa a ak tit sous ou",
        reference_site="Sit entènèt la oswa piblikatè a",
        translated=True,
    ),
    "pl": _Text(
        summary="Napisz tutaj w jednym lub dwóch krótkich zdaniach, do czego służy ta ulotka. Pisz dla "
        "pacjentów: krótkie zdania i proste słowa.",
        first_heading="Co to jest?",
        paragraph="Wyjaśnij temat w krótkim akapicie. Po każdej informacji o zdrowiu podaj źródło, o tak [@source-1].",
        bullets=("Krótką listę zapisz w punktach.", "Każdy punkt powinien być krótki."),
        second_heading="Co robić",
        steps=("Napisz pierwszy krok.", "Napisz następny krok."),
        note_title="Kiedy dzwonić do zespołu opieki",
        note="Napisz, kiedy dzwonić, i podaj numer telefonu.",
        checklist_title="Zabierz na wizytę",
        checklist=("Listę swoich leków", "Swoje pytania do zespołu opieki"),
        reference_title="Zamień to na tytuł swojego źródła",
        reference_site="Strona internetowa lub wydawca",
        translated=True,
    ),
    "ar": _Text(
        summary="اكتب هنا في جملة أو جملتين قصيرتين الغرض من هذه النشرة. اكتب لمرضاك: جمل قصيرة وكلمات بسيطة.",
        first_heading="ما هذا؟",
        paragraph="اشرح الموضوع في فقرة قصيرة. ضع مصدرا بعد كل معلومة صحية، هكذا [@source-1].",
        bullets=("استخدم النقاط لقائمة قصيرة.", "اجعل كل نقطة قصيرة."),
        second_heading="ماذا تفعل",
        steps=("اكتب الخطوة الأولى.", "اكتب الخطوة التالية."),
        note_title="متى تتصل بفريق الرعاية",
        note="اكتب متى يجب الاتصال، واكتب رقم الهاتف.",
        checklist_title="أحضر معك إلى الزيارة",
        checklist=("قائمة أدويتك", "أسئلتك لفريق الرعاية"),
        reference_title="ضع هنا عنوان مصدرك",
        reference_site="الموقع أو الناشر",
        translated=True,
    ),
    "ur": _Text(
        summary="یہاں ایک یا دو مختصر جملوں میں لکھیں کہ یہ کتابچہ کس لیے ہے۔ اپنے مریضوں کے لیے لکھیں: "
        "مختصر جملے اور آسان الفاظ۔",
        first_heading="یہ کیا ہے؟",
        paragraph="موضوع کو ایک مختصر پیراگراف میں سمجھائیں۔ صحت کی ہر بات کے بعد ذریعہ لکھیں، اس طرح [@source-1]۔",
        bullets=("مختصر فہرست کے لیے نکات استعمال کریں۔", "ہر نکتہ مختصر رکھیں۔"),
        second_heading="کیا کرنا ہے",
        steps=("پہلا قدم لکھیں۔", "اگلا قدم لکھیں۔"),
        note_title="اپنی نگہداشت ٹیم کو کب فون کریں",
        note="لکھیں کہ کب فون کرنا ہے، اور فون نمبر دیں۔",
        checklist_title="ملاقات پر ساتھ لائیں",
        checklist=("اپنی دواؤں کی فہرست", "نگہداشت ٹیم کے لیے اپنے سوالات"),
        reference_title="یہاں اپنے ذریعے کا عنوان لکھیں",
        reference_site="ویب سائٹ یا ناشر",
        translated=True,
    ),
    "hi": _Text(
        summary="यहाँ एक या दो छोटे वाक्यों में लिखें कि यह पर्चा किसलिए है। अपने रोगियों के लिए लिखें: छोटे वाक्य और आसान शब्द।",
        first_heading="यह क्या है?",
        paragraph="विषय को एक छोटे अनुच्छेद में समझाएँ। स्वास्थ्य की हर बात के बाद स्रोत लिखें, ऐसे [@source-1]।",
        bullets=("छोटी सूची के लिए बिंदु लिखें।", "हर बिंदु छोटा रखें।"),
        second_heading="क्या करें",
        steps=("पहला कदम लिखें।", "अगला कदम लिखें।"),
        note_title="अपनी देखभाल टीम को कब फ़ोन करें",
        note="लिखें कि कब फ़ोन करना है, और फ़ोन नंबर दें।",
        checklist_title="मुलाकात पर साथ लाएँ",
        checklist=("आपकी दवाओं की सूची", "देखभाल टीम के लिए आपके प्रश्न"),
        reference_title="यहाँ अपने स्रोत का शीर्षक लिखें",
        reference_site="वेबसाइट या प्रकाशक",
        translated=True,
    ),
}

_LANGUAGE_NAMES = {
    "ar": "Arabic",
    "ur": "Urdu",
    "hi": "Hindi",
    "fr": "French",
    "pt": "Portuguese",
    "vi": "Vietnamese",
    "zh-Hans": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
    "ja": "Japanese",
    "ko": "Korean",
    "ru": "Russian",
    "tl": "Tagalog",
    "ht": "Haitian Creole",
    "pl": "Polish",
}

_TEMPLATE = """\
{modeline}
# A new handout, written by `handoutkit new`. Replace the sample text with your own; keep the keys,
# the dashes and the indentation. The format is described in handoutkit's docs/format.md.
# Check your work as you go: handoutkit check {check}
{translated}title: {title}
# subtitle: A line under the title  (optional)
language: {language}  # a language tag: en, en-US, es, es-MX, fr, pt-BR, vi ...
reviewed: {today}  # the day the content was last reviewed; change it whenever you review it
# author: Your team  (optional: goes into the PDF's document information)
# url: https://www.example.org/this-handout  (optional: the online version, printed as a QR code)
summary: >-
{summary}
sections:  # each section has a heading and a list of blocks
  - heading: {first_heading}
    blocks:
      # A plain text is a paragraph. Cite a source after each health fact: [@id] is a reference below.
      - >-
{paragraph}
      - bullets:
          - {bullet_1}
          - {bullet_2}
  - heading: {second_heading}
    blocks:
      - steps:  # a numbered list: what the patient does, in order
          - {step_1}
          - {step_2}
      - note: {note}
        title: {note_title}
        kind: warning  # a warning box stands out; leave this line out for a plain note (info)
      - checklist:  # a box to tick before each item, on paper and on screen
          title: {checklist_title}
          items:
            - {checklist_1}
            - {checklist_2}
references:  # only the references you cite are listed, numbered in the order they are cited
  - id: source-1  # the name a citation uses: [@source-1]
    type: webpage  # or book, chapter, article-journal, report
    title: {reference_title}
    container-title: {reference_site}
    URL: https://www.example.org/
    accessed: {today}  # the day you read the page
"""


class StarterError(Exception):
    """A starter cannot be written; the message says why (exit status 1)."""


def language_tag(text: str) -> str:
    """``--language``: a tag whose language we have a starter for (``es``, ``es-MX``), else ValueError."""
    if re.fullmatch(_TAG, text) and catalog_tag(text) in STARTERS:
        return text
    raise ValueError(
        f"no starter in '{text}'; the languages are {', '.join(sorted(STARTERS))} "
        "(a region may follow, as in es-MX or pt-BR)"
    )


def file_name(text: str) -> str:
    """NAME as a plain file name ending in .yaml (or .yml, if it does); ValueError if it is none."""
    name = text if text.endswith(SUFFIXES) else f"{text}.yaml"
    stem = name.rsplit(".", 1)[0]
    if "/" in text or "\\" in text:
        raise ValueError(f"'{text}' is not a plain file name: give a name without folders, such as blood-pressure")
    if not stem.strip():
        raise ValueError("the name is empty: give the handout a name, such as blood-pressure")
    if text.startswith("."):
        raise ValueError(f"'{text}' starts with '.': such a hidden file is never built; leave the dot out")
    if any(not character.isprintable() for character in text):
        raise ValueError(f"{json.dumps(text)} holds a control character; give a name of letters, digits and dashes")
    if not any(character.isalnum() for character in stem):
        raise ValueError(f"'{text}' has no letter or digit to make a title of; give a name such as blood-pressure")
    return name


def destination(name: str) -> Path:
    """``source/NAME`` when the current folder has a ``source/`` folder, else ``NAME`` right here."""
    return SOURCE / name if SOURCE.is_dir() else Path(name)


def title_of(name: str) -> str:
    """The title a file name suggests: its words with the first letter capitalised (blood-pressure: Blood pressure)."""
    words = " ".join(re.sub(r"[-_]+", " ", name.rsplit(".", 1)[0]).split())
    return words[:1].upper() + words[1:]


def starter(path: Path, language: str, today: datetime.date) -> str:
    """The text of a starter handout to be written to ``path``."""
    from ..validate.editorschema import modeline  # ~4 ms: not at every start of the command line

    text = STARTERS[catalog_tag(language)]
    translated = ""
    if text.translated:
        translated = (
            f"# The sample text in {_LANGUAGE_NAMES[catalog_tag(language)]} awaits review by a qualified translator.\n"
        )
    values = {
        "modeline": modeline(path),
        "check": shlex.quote(str(path)),
        "translated": translated,
        "title": _title_scalar(title_of(path.name)),
        "language": language,
        "today": today.isoformat(),
        "summary": _wrapped(text.summary, 2),
        "first_heading": text.first_heading,
        "paragraph": _wrapped(text.paragraph, 8),
        "bullet_1": text.bullets[0],
        "bullet_2": text.bullets[1],
        "second_heading": text.second_heading,
        "step_1": text.steps[0],
        "step_2": text.steps[1],
        "checklist_title": text.checklist_title,
        "checklist_1": text.checklist[0],
        "checklist_2": text.checklist[1],
        "note": text.note,
        "note_title": text.note_title,
        "reference_title": text.reference_title,
        "reference_site": text.reference_site,
    }
    return _TEMPLATE.format(**values)


def write_starter(name: str, language: str, out: TextIO, today: datetime.date | None = None) -> Path:
    """Write the starter NAME.yaml where ``handoutkit new`` puts it; StarterError if it cannot."""
    path = destination(name)
    twin = path.with_suffix(".yml" if path.suffix == ".yaml" else ".yaml")
    if path.exists():
        raise StarterError(f"{path} already exists; choose another name, or edit that file")
    if twin.exists():
        raise StarterError(f"{twin} already exists, and both would build {path.stem}.pdf; choose another name")
    text = starter(path, language, today or datetime.date.today())
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:  # "x": never over a file made meanwhile
            stream.write(text)
    except FileExistsError:
        raise StarterError(f"{path} already exists; choose another name, or edit that file") from None
    except OSError as exc:
        raise StarterError(f"cannot write {path} ({exc.strerror or exc}); check the folder") from None
    check = shlex.quote(str(path))
    print(f"wrote {path}; edit it, then run handoutkit check {check}", file=out)
    return path


def _title_scalar(title: str) -> str:
    """The title as a YAML value: plain when YAML reads it as typed, else double-quoted; markup escaped."""
    escaped = re.sub(_MARKUP, r"\\\1", title)
    if escaped == title and re.fullmatch(_PLAIN, title) and title.lower() != "null":
        return title
    return json.dumps(escaped, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _wrapped(text: str, indent: int) -> str:
    """Text as the lines of a folded block scalar (``>-``), indented and wrapped at spaces only."""
    import textwrap  # ~1 ms, for this command only

    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=" " * indent,
        subsequent_indent=" " * indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
