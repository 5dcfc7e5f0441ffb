"""The event annotator on sentences with hand-built layers: types, modes, arguments, negation,
hypotheticals, casualties, values, claims and times (no model needed)."""

from __future__ import annotations

from datetime import date

from marsad.annotate import event_lexicon
from marsad.annotate.events import annotate_events
from marsad.annotate.sentences import annotate_sentences
from marsad.document import CLAIMS, ENTITIES, SENTENCES, TIMES, Document, Span, document_id
from marsad.text import fold


def _doc(text: str, *, entities: dict[str, str] | None = None, times: dict[str, dict] | None = None,
         claims: list[Span] | None = None, published: date | None = None) -> Document:
    """A document with layers built by hand: entities and times by their surface text."""
    doc = Document(id=document_id(fold(text)), text=text, published=published)
    doc.layers[SENTENCES] = annotate_sentences(doc)
    spans = []
    for name, label in (entities or {}).items():
        start = text.index(name)
        spans.append(Span(start, start + len(name), label, {"score": 1.0}))
    doc.layers[ENTITIES] = spans
    doc.layers[TIMES] = []
    for expr, attrs in (times or {}).items():
        start = text.index(expr)
        doc.layers[TIMES].append(Span(start, start + len(expr), "DATE", attrs))
    doc.layers[CLAIMS] = claims or []
    return doc


def _by_type(spans: list[Span]) -> dict[str, Span]:
    return {s.label: s for s in spans}


def test_every_plover_type_has_a_cameo_code_and_a_trigger():
    lex = event_lexicon.load()
    typed = {t.type for group in (lex.verbs, lex.nouns, lex.phrases) for ts in group.values() for t in ts}
    for event_type in event_lexicon.PLOVER_TYPES:
        assert lex.cameo_code(event_type, None), event_type
        assert event_type in typed, f"no trigger for {event_type}"
    assert lex.cameo_code("CONSULT", "call") == "041"
    assert lex.cameo_code("AID", "humanitarian") == "073"


def test_verb_inflections_cover_news_forms():
    forms = event_lexicon.verb_forms("التقي", "يلتقي")
    assert {"التقي", "التقت", "التقوا", "التقيا", "يلتقي", "تلتقي", "يلتقون"} <= forms


def test_a_meeting_with_actor_recipient_place_and_time():
    doc = _doc("التقى الرئيس فلاديمير بوتين يوم الإثنين بالمشير خليفة حفتر في موسكو.",
               entities={"فلاديمير بوتين": "PER", "خليفة حفتر": "PER", "موسكو": "LOC"},
               times={"يوم الإثنين": {"value": "2016-11-28", "granularity": "day"}})
    event = _by_type(annotate_events(doc))["CONSULT"]
    assert event.attrs["actor"]["text"] == "فلاديمير بوتين"
    assert event.attrs["recipient"]["text"] == "خليفة حفتر"
    assert event.attrs["place"]["text"] == "موسكو"
    assert event.attrs["time"] == {"value": "2016-11-28", "granularity": "day", "span": [28, 39],
                                   "text": "يوم الإثنين", "source": "text", "unresolved": False}
    assert event.attrs["cameo"].startswith("04") and not event.attrs["negated"]


def test_a_received_call_has_the_caller_as_actor():
    doc = _doc("تلقى وزير الخارجية سامح شكري اتصالاً هاتفياً من رئيس المجلس الرئاسي فائز السراج.",
               entities={"سامح شكري": "PER", "فائز السراج": "PER"})
    event = _by_type(annotate_events(doc))["CONSULT"]
    assert event.attrs["mode"] == "call"
    assert event.attrs["actor"]["text"] == "فائز السراج"
    assert event.attrs["recipient"]["text"] == "سامح شكري"


def test_negation_and_hypotheticals_are_not_events_that_happened():
    doc = _doc("وقالت المصادر إن مجموعات أخرى من الخبراء ستتبعهم، إلا أنه لم يتم الاتفاق بعد على موعد وصولهم.")
    spans = annotate_events(doc)
    agree = [s for s in spans if s.label == "AGREE"]
    assert agree and all(s.attrs["negated"] for s in agree)
    future = [s for s in annotate_events(_doc("ومن المقرر أن يزور الوزير القاهرة الأسبوع المقبل."))]
    assert future and all(s.attrs["hypothetical"] for s in future)


def test_casualties_and_agreement_values():
    clash = _doc("أعلنت مصادر محلية سقوط 4 قتلى و18 جريحاً في اشتباكات بمدينة سرت.", entities={"سرت": "LOC"})
    assault = _by_type(annotate_events(clash))["ASSAULT"]
    assert assault.attrs["casualties"] == {"killed": 4, "wounded": 18}
    deal = _doc("وقعت الحكومة اتفاقية مع الشركة بقيمة 4 مليارات دينار ليبي.")
    agree = _by_type(annotate_events(deal))["AGREE"]
    assert agree.attrs["value"]["amount"] == 4e9 and agree.attrs["value"]["currency"] == "دينار ليبي"


def test_arms_and_personnel_arrivals():
    arms = _doc("زودت الولايات المتحدة الجيش العراقي بأسلحة وذخائر.", entities={"الولايات المتحدة": "LOC"})
    aid = _by_type(annotate_events(arms))["AID"]
    assert aid.attrs["mode"] == "military"
    troops = _doc("وصل خبراء عسكريون روس إلى شرق ليبيا لدعم القوات.", entities={"ليبيا": "LOC"})
    deploy = _by_type(annotate_events(troops))["MOBILIZE"]
    assert deploy.attrs["actor"]["text"] == "خبراء عسكريون روس"
    assert deploy.attrs["place"]["text"] == "ليبيا"


def test_no_event_where_the_words_mean_something_else():
    assert not annotate_events(_doc("وزارة الخارجية تصدر بيانا عن الطقس."))
    assert not [s for s in annotate_events(_doc("وصل عدد الزوار إلى مليون زائر.")) if s.label == "CONSULT"]
    assert not [s for s in annotate_events(_doc("يهدد الجفاف المحاصيل هذا العام.")) if s.label == "THREATEN"]


def test_time_falls_back_to_the_publication_date_and_says_so():
    doc = _doc("اجتمع وزير الخارجية مع السفير الأمريكي.", published=date(2015, 7, 21))
    event = _by_type(annotate_events(doc))["CONSULT"]
    assert event.attrs["time"] == {"value": "2015-07-21", "granularity": "day", "span": None, "source": "published"}
    undated = _by_type(annotate_events(_doc("اجتمع وزير الخارجية مع السفير الأمريكي.")))["CONSULT"]
    assert undated.attrs["time"]["source"] == "none"


def test_events_inside_a_claim_carry_its_attribution_and_a_denial_negates():
    text = "ونفت الوزارة أن تكون القوات قد انسحبت من المدينة."
    content = text.index("أن")
    claim = Span(text.index("نفت"), len(text), "CLAIM",
                 {"source": "الوزارة", "source_type": "official", "stance": "deny", "cue": "نفت",
                  "source_span": [text.index("الوزارة"), text.index("الوزارة") + 7], "content_span": [content, len(text)]})
    spans = annotate_events(_doc(text, claims=[claim]))
    retreat = _by_type(spans)["RETREAT"]
    assert retreat.attrs["claim"]["source_type"] == "official"
    assert retreat.attrs["negated"] and retreat.attrs["denied_by"] == "الوزارة"
    assert _by_type(spans)["DENIAL"].attrs["actor"]["text"] == "الوزارة"


def test_a_denial_names_what_it_denies_and_its_scope_ends_at_a_new_statement():
    text = "ونفى المتحدث الأنباء عن وقف لإطلاق النار، مؤكدا أن المعركة متواصلة."
    spans = annotate_events(_doc(text))
    denial = _by_type(spans)["DENIAL"]
    assert [d["type"] for d in denial.attrs["denies"]] == ["CONCEDE"]
    assert _by_type(spans)["CONCEDE"].attrs["negated"]
    assert not [s for s in spans if s.label == "ASSAULT" and s.attrs["negated"]]


def test_a_definite_noun_refers_back_and_social_is_no_meeting():
    text = "التقى الوزير سالم الأحمد بالسفير خالد العمر. وتناول اللقاء العلاقات عبر شبكات التواصل الاجتماعي."
    spans = annotate_events(_doc(text, entities={"سالم الأحمد": "PER", "خالد العمر": "PER"}))
    meetings = [s for s in spans if s.label == "CONSULT"]
    assert len(meetings) == 2  # التقى and اللقاء; not الاجتماعي
    assert meetings[1].attrs["refers_to"] == meetings[0].attrs["trigger"]


def _real(spans: list[Span], *, threshold: float = 0.5) -> set[str]:
    """Types of the events a reader would take as having happened (the detection rule of marsad eval)."""
    return {s.label for s in spans if not s.attrs["negated"] and not s.attrs["hypothetical"]
            and s.attrs["confidence"] >= threshold}


def test_sport_senses_of_political_words_are_no_events():
    doc = _doc("وشهد اللقاء الذي جمع الفريقين في الدوري هجوما قويا من لاعبي الهلال.", entities={"الهلال": "ORG"})
    assert not _real(annotate_events(doc)) & {"CONSULT", "ASSAULT"}


def test_accidents_and_disasters_are_no_attacks_or_repression():
    doc = _doc("لقي ثلاثة أشخاص مصرعهم في حادث مروري على طريق الرياض.", entities={"الرياض": "LOC"})
    assert "ASSAULT" not in _real(annotate_events(doc))
    doc = _doc("أعلن حاكم الولاية حالة الطوارئ إثر اتساع حرائق الغابات.")
    assert "COERCE" not in _real(annotate_events(doc))
    doc = _doc("أعلن رئيس الوزراء حالة الطوارئ في شمال البلاد.")
    assert "COERCE" in _real(annotate_events(doc))


def test_subjunctive_clauses_are_hypothetical_but_not_after_qabla():
    doc = _doc("يريد الوزير سالم أن يزور باريس الشهر المقبل.", entities={"سالم": "PER", "باريس": "LOC"})
    assert annotate_events(doc)[0].attrs["hypothetical"]
    doc = _doc("أعربت المحامية عن أملها في أن يؤدي الاتفاق إلى الإفراج عن موكلها.")
    assert "CONCEDE" not in _real(annotate_events(doc))
    doc = _doc("اقتحم المسلح القرية قبل أن يقصف المدرسة.")
    assert "ASSAULT" in _real(annotate_events(doc))


def test_a_relative_clause_or_a_verb_of_stopping_says_it_did_not_happen():
    doc = _doc("وتحدث الوزير عن الصفقة العسكرية التي لم تتم مع روسيا.", entities={"روسيا": "LOC"})
    assert all(s.attrs["negated"] for s in annotate_events(doc) if s.label == "COOPERATE")
    doc = _doc("وأمرت القيادة العامة بوقف القصف الجوي على المدينة.")
    assert "ASSAULT" not in _real(annotate_events(doc))


def test_a_bare_definite_noun_is_a_mention_unless_attended_or_made():
    bare = [s for s in annotate_events(_doc("وكتبت الصحف عن نتائج المحادثات.")) if s.label == "CONSULT"]
    assert bare and bare[0].attrs["confidence"] < 0.5
    doc = _doc("حضر الوزير سالم الاجتماع في الرياض.", entities={"سالم": "PER", "الرياض": "LOC"})
    assert "CONSULT" in _real(annotate_events(doc))


def test_words_of_a_name_are_no_triggers():
    doc = _doc("وأعلن مجلس التعاون الخليجي موقفه من الأزمة.")
    assert "COOPERATE" not in _real(annotate_events(doc))
    doc = _doc("وسير مركز الملك سلمان للإغاثة شاحنات تحمل مساعدات إلى اليمن.", entities={"اليمن": "LOC"})
    spans = annotate_events(doc)
    assert not any(fold(s.attrs["text"]) == "للاغاثه" for s in spans)


def test_nouns_that_look_like_inflected_verbs():
    # ة is no pronoun ("قتلة" are killers), and a verb form after a number is a noun ("300 طالب").
    doc = _doc("وطالبت الأسر بمحاسبة قتلة أبنائها.")
    assert "ASSAULT" not in _real(annotate_events(doc))
    doc = _doc("شارك 300 طالب في المسابقة العلمية.")
    assert "REQUEST" not in _real(annotate_events(doc))


def test_hosting_an_event_applications_and_ranks_are_no_events():
    doc = _doc("افتتح الأمير المهرجان الذي تستضيفه الجامعة.")
    assert "CONSULT" not in _real(annotate_events(doc))
    doc = _doc("وتقدم طلبات الترشح إلى الأمانة العامة حتى نهاية الشهر.")
    assert "REQUEST" not in _real(annotate_events(doc))
    doc = _doc("احتلت الشركة الصدارة في السوق.")
    assert "ASSAULT" not in _real(annotate_events(doc))
    doc = _doc("وخرقت القوات الهدنة القائمة بين الطرفين.")
    assert "AGREE" not in _real(annotate_events(doc))


def test_a_feminine_pronoun_can_point_at_a_country_in_the_same_clause():
    doc = _doc("التقى سالم بالوزير. وتسعى روسيا منذ سنوات إلى الحلول مكان القوى الغربية، "
               "وضاعفت جهودها على هذا الصعيد منذ هجومها على أوكرانيا.",
               entities={"سالم": "PER", "روسيا": "LOC", "أوكرانيا": "LOC"})
    attack = _by_type(annotate_events(doc))["ASSAULT"]
    assert attack.attrs["actor"]["text"] == "روسيا"


def test_rules_v3_recall_long_subjects_pronoun_agents_and_new_triggers():
    # The ب-complement of طالب after a long verb-first subject and its object.
    doc = _doc("طالب الرئيس اليمني عبدربه منصور هادي المليشيات الحوثية وقوات صالح باحترام الهدنة الإنسانية.",
               entities={"عبدربه منصور هادي": "PER", "صالح": "PER"})
    assert "REQUEST" in _real(annotate_events(doc))
    # A possessive pronoun on a firm noun names its agent; receiving applications is no meeting.
    doc = _doc("لكن رفض النظام العراقي لكل الدعوات من جهة وتهديده للمملكة من جهة أخرى دفعت بالملك إلى الإعلان "
               "عن موقفه.", entities={"الملك": "PER"})
    assert "THREATEN" in _real(annotate_events(doc))
    doc = _doc("أعلن المعهد استمرار استقباله طلبات ترشيح الأجهزة الحكومية.", entities={"المعهد": "ORG"})
    assert "CONSULT" not in _real(annotate_events(doc))
    assert "CONCEDE" in _real(annotate_events(_doc("بادر المئات منهم إلى تسليم أنفسهم للثوار.")))
    assert "COERCE" in _real(annotate_events(_doc("وتمت مطاردته والقبض على شخصين كانا على متنه.")))
    assert "ASSAULT" in _real(annotate_events(_doc("أطلق مجهولون النار مساء أمس على مواطن.")))


def test_merged_triggers_keep_the_surer_one():
    # One clause, one event: the weak noun (تدمير) gives way to the sure one (مصرع) and its confidence.
    doc = _doc("وأشارت المصادر إلى أن العربات تم تدميرها بالكامل وأن أكثر من 200 مسلح لقوا مصرعهم هناك.")
    attack = _by_type(annotate_events(doc))["ASSAULT"]
    assert doc.text[slice(*attack.attrs["trigger"])] == "مصرعهم"
    assert attack.attrs["confidence"] >= 0.5


def _role(event: Span, role: str) -> str | None:
    arg = event.attrs.get(role)
    return arg["text"] if arg else None


def test_rules_v5_places_are_where_not_who():
    # A town named after a town noun is where a battle is, not its actor.
    doc = _doc("وتتواصل معركة تحرير مدينة سرت منذ أسابيع.", entities={"سرت": "LOC"})
    battle = _by_type(annotate_events(doc))["ASSAULT"]
    assert _role(battle, "actor") is None and _role(battle, "place") == "سرت"
    # The governor of a province denies, not the province; a country still acts for its state.
    doc = _doc("ونفى والي الخرطوم الاتهامات بالتقصير.", entities={"الخرطوم": "LOC"})
    assert _role(_by_type(annotate_events(doc))["DENIAL"], "actor") == "والي الخرطوم"
    doc = _doc("ونفت روسيا الاتهامات بالتقصير.", entities={"روسيا": "LOC"})
    assert _role(_by_type(annotate_events(doc))["DENIAL"], "actor") == "روسيا"
    # One mention fills one role: the city visited is the place, not the recipient too.
    doc = _doc("وكان المبعوث سالم قد زار القاهرة الأسبوع الماضي.", entities={"سالم": "PER", "القاهرة": "LOC"})
    visit = _by_type(annotate_events(doc))["CONSULT"]
    assert _role(visit, "place") == "القاهرة" and _role(visit, "recipient") is None
    # Talks named after a city are held there.
    doc = _doc("وانهارت مفاوضات جنيف بعد أيام من انطلاقها.", entities={"جنيف": "LOC"})
    talks = _by_type(annotate_events(doc))["CONSULT"]
    assert _role(talks, "actor") is None and _role(talks, "place") == "جنيف"


def test_rules_v5_no_disaster_or_posting_as_party():
    doc = _doc("وصلت طائرة إغاثة تحمل مواد غذائية لمتضرري السيول في ولاية كسلا.",
               entities={"السيول": "LOC", "كسلا": "LOC"})
    aid = _by_type(annotate_events(doc))["AID"]
    assert "السيول" not in (_role(aid, "actor"), _role(aid, "recipient"))
    assert _role(aid, "place") == "كسلا"
    # "سفير ... لدى السعودية" names where he is posted, not whom he visits, and the name closing the
    # apposition is the envoy himself.
    doc = _doc("وتحدثت تسريبات عن وصول مندوب سالم، سفير البرلمان لدى السعودية، خالد عمر، إلى روسيا.",
               entities={"سالم": "PER", "السعودية": "LOC", "خالد عمر": "PER", "روسيا": "LOC"})
    visit = _by_type(annotate_events(doc))["CONSULT"]
    assert _role(visit, "actor") == "مندوب سالم"
    assert _role(visit, "recipient") is None and _role(visit, "place") == "روسيا"
    # Who tells of an event is no party to it, unless the trigger is the telling ("نفت الوزارة").
    text = "وصلت طائرة إغاثة تحمل مواد غذائية إلى مطار المدينة، وفق ما ذكرته وكالة الأنباء السعودية."
    source = text.index("وكالة")
    claim = Span(text.index("وفق"), len(text) - 1, "CLAIM",
                 {"source": "وكالة الأنباء السعودية", "source_span": [source, len(text) - 1]})
    doc = _doc(text, entities={"السعودية": "LOC"}, claims=[claim])
    aid = _by_type(annotate_events(doc))["AID"]
    assert _role(aid, "actor") is None and _role(aid, "recipient") is None
    # على right before a country makes it the target of an attack.
    doc = _doc("وشنت روسيا هجوما على أوكرانيا.", entities={"روسيا": "LOC", "أوكرانيا": "LOC"})
    attack = _by_type(annotate_events(doc))["ASSAULT"]
    assert _role(attack, "actor") == "روسيا" and _role(attack, "recipient") == "أوكرانيا"


def test_rules_v6_generated_forms_participles_and_verb_phrases():
    lex = event_lexicon.load()
    # Participles of manner are generated in the accusative and the plural, the defective one too.
    assert {"مستنكرا", "مستنكرين", "داعيا", "داعين", "مناشدين"} <= lex.phrases.keys()
    doc = _doc("وخرج المئات إلى الشوارع مستنكرين الاعتداء على المسجد.")
    assert "ACCUSE" in _real(annotate_events(doc))
    # A verb phrase is inflected as its verb is, and its subject may stand inside it.
    doc = _doc("وألقت الأجهزة الأمنية القبض على شخصين للاشتباه بعلاقتهما بالجريمة.")
    assert "COERCE" in _real(annotate_events(doc))
    doc = _doc("وأطلقت السلطات السودانية سراح الصيادين أمس.", entities={"السودانية": "LOC"})
    assert "CONCEDE" in _real(annotate_events(doc))
    doc = _doc("فأطلقت الشرطة النار لوقف السيارة.")
    assert _by_type(annotate_events(doc))["ASSAULT"].attrs["mode"] == "firearms"
    # Not the 1st person: "ندعو" is as often a prayer.
    assert "REQUEST" not in _real(annotate_events(_doc("ندعو له بالرحمة والمغفرة.")))


def test_rules_v6_troops_entering_are_a_deployment():
    doc = _doc("وكان 54 مقاتلا قد دخلوا سوريا قبل أسبوعين.", entities={"سوريا": "LOC"})
    deployment = _by_type(annotate_events(doc))["MOBILIZE"]
    assert deployment.attrs["mode"] == "deploy" and _role(deployment, "place") == "سوريا"
    doc = _doc("ودخلت القوات الإسرائيلية قرية برقين فجر اليوم.", entities={"برقين": "LOC"})
    assert "MOBILIZE" in _real(annotate_events(doc))
    # Anything else that enters is no deployment.
    doc = _doc("ودخل الاتفاق حيز التنفيذ أمس.")
    assert "MOBILIZE" not in _real(annotate_events(doc))
    assert "COERCE" in _real(annotate_events(_doc("واقتحم عشرات المستوطنين المسجد الأقصى بحماية الشرطة.")))


def test_rules_v6_announced_trips_did_not_happen_and_untagged_destinations():
    # A future time before a trigger, or right after it, makes it a plan; a later future time belongs to
    # another verb.
    doc = _doc("يغادر الأمير يوم غد الخميس إلى القاهرة في زيارة رسمية يلتقي خلالها الرئيس.",
               entities={"القاهرة": "LOC"}, times={"الخميس": {"value": None, "granularity": "day"}})
    assert {"CONSULT"} & _real(annotate_events(doc)) == set()
    doc = _doc("زار الأمير القاهرة يوم الخميس.", entities={"القاهرة": "LOC"},
               times={"الخميس": {"value": None, "granularity": "day"}})
    assert "CONSULT" in _real(annotate_events(doc))
    doc = _doc("المجلس يطلب من المفوضية درس الخيارات ووضع تقرير مطلع سبتمبر المقبل.",
               times={"مطلع سبتمبر المقبل": {"value": None, "granularity": "month"}})
    assert "REQUEST" in _real(annotate_events(doc))
    # An arrival at a place the tagger missed: a word of place after إلى stands for the name.
    doc = _doc("وصل الأمير منصور أمس إلى جمهورية المالديف ليرأس وفد المملكة.", entities={"منصور": "PER"})
    assert "CONSULT" in _real(annotate_events(doc))
    doc = _doc("وصل الأمير منصور أمس إلى قناعة بأن الحل سياسي.", entities={"منصور": "PER"})
    assert "CONSULT" not in _real(annotate_events(doc))


def test_rules_v6_conditions_rankings_and_needs_are_no_events():
    # A whole condition is unreal, up to its answer.
    doc = _doc("يمكن أن يكون للحزب مكان إذا لم يسبب قلقا لتركيا وقام بقطع علاقاته مع النظام وتعاون مع قوى المعارضة.",
               entities={"تركيا": "LOC"})
    assert "COOPERATE" not in _real(annotate_events(doc))
    doc = _doc("وإذا كان المتهمون قد غادروا المدينة فإن الشرطة اعتقلت ثلاثة منهم أمس.")
    assert "COERCE" in _real(annotate_events(doc))
    # To occupy first place is a ranking; a need that calls is no request.
    assert "ASSAULT" not in _real(annotate_events(_doc("واحتل سهم الشركة المركز الأول بقيمة التداولات.")))
    assert "REQUEST" not in _real(annotate_events(_doc("أتمنى أن نكون أقوياء عندما تدعو الحاجة.")))
    # After a preposition an imperfect is a noun: "عن توقع" is an expectation, not "she signs".
    doc = _doc("وكتب الباحث عن توقع زيادة دعم إيران لحلفائها.", entities={"إيران": "LOC"})
    assert not _real(annotate_events(doc)) & {"AID", "AGREE"}
