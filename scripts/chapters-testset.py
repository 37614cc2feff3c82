#!/usr/bin/env python3
"""Generate a labelled synthetic test set for slide-change chapter detection (not a test: a fixture generator).

  scripts/chapters-testset.py OUTDIR [--only NAME] [--quick] [--jobs N] [--preset P] [--list]

Writes 12 synthetic lectures (6 English, 3 French, 3 Simplified Chinese), each 4-7 slides of 25-60 s (about 2-5
minutes), as OUTDIR/<name>/<name>.mp4 (H.264 1280x720 at 25 or 30 fps + AAC mono, espeak-ng narration), with the
rendered slide PNGs (slide-NN.png, builds also slide-NN-stepK.png) and OUTDIR/<name>/labels.json:

  {"name", "file", "language": "en|fr|zh", "duration", "fps", "template", "cases": [...],
   "changes": [every true slide change in seconds, excluding 0],
   "chapters": [{"start", "title" (exact slide title, "" for a clip), "kind": "slide|clip",
                 "transition": "cut|fade|fadeblack" (how it begins), "fade": seconds,
                 "steps": [absolute times of build steps: NOT changes]}, ...]}

plus OUTDIR/index.json listing every lecture present in OUTDIR. Every lecture carries one or more hard cases and
the set covers each at least twice:

  inset   a 320x180 speaker camera in a corner that changes every frame (swaying "head" + sensor noise, or testsrc2)
  cursor  a red laser-pointer dot wandering over the slide (hidden a few seconds now and then)
  builds  bullets revealed one by one, 4-8 s apart; the whole build is one chapter
  clip    22-30 s of full-motion video (a chapter lasts 20 s at least) (full frame or large inside a blank slide); one chapter, kind "clip"
  shake   the slide filmed on a screen in a room by a hand-held camera: per-frame jitter, blur, noise, uneven light
  fades   crossfades (0.6-1.4 s) and a fade through black; the label is the time the fade starts

All times are multiples of 0.2 s (whole frames at 25 and 30 fps). Durations, build steps and transitions come from a
fixed seed per lecture, so the same command always writes the same labels (the MP4 bytes also repeat for a given
ffmpeg/x264/espeak-ng version). --quick makes ~1-minute lectures (6-10 s slides, 2 s build steps, 5 s clips) for a
smoke test; --only NAME makes one lecture (repeatable); --jobs N encodes N lectures at once (default 2: ffmpeg's
filter graph is single-threaded); --preset P is the libx264 preset (default ultrafast: the shaken lectures are noisy
and veryfast triples their encoding time); --list prints the names and cases. A full run takes about 5-10 minutes
on 2 cores (about 45 minutes of video, 0.5 GB).

Needs Python 3.9+ with Pillow (python3 -m pip install pillow), ffmpeg with libx264 and aac, espeak-ng, and the
DejaVu (fonts-dejavu-core) and Noto CJK (fonts-noto-cjk) fonts.
"""
import argparse, array, concurrent.futures, json, math, os, random, shutil, subprocess, sys, tempfile, time, wave

try:
    from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
except ImportError:
    sys.exit("error: Pillow is missing; install it with: python3 -m pip install pillow")

W, H = 1280, 720
TICK = 0.2            # every time in the plan is a whole number of ticks (5 frames at 25 fps, 6 at 30 fps)
SAMPLE_RATE = 22050   # espeak-ng's output rate; the narration is mixed at this rate
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans{}.ttf"
NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
VOICES = {"en": "en", "fr": "fr", "zh": "cmn"}
CLIP_LINE = {"en": "Let us watch a short video clip.", "fr": "Regardons maintenant une courte vidéo.",
             "zh": "下面我们来看一段短片。"}

# Slide templates. "bar" templates keep the same coloured header (with the course name) on every slide.
TEMPLATES = {
    "white": dict(bg="#FFFFFF", title="#1A1A1A", text="#333333", accent="#C0392B", footer="#8A8A8A"),
    "gray": dict(bg="#ECEDEF", title="#1F2D4D", text="#30343B", accent="#1F2D4D", footer="#7A7F88"),
    "dark": dict(bg="#14213D", title="#F5F7FA", text="#C9D6EA", accent="#FCA311", footer="#8A9BB8"),
    "bar-blue": dict(bg="#FFFFFF", title="#1F2F45", text="#333333", accent="#1F4E79", footer="#8A8A8A",
                     bar="#1F4E79", bar_text="#FFFFFF"),
    "bar-red": dict(bg="#FFFFFF", title="#2B1B1E", text="#333333", accent="#9B1C31", footer="#8A8A8A",
                    bar="#9B1C31", bar_text="#FFFFFF"),
    "bar-green": dict(bg="#FAFAF7", title="#17352B", text="#30343B", accent="#1E6B52", footer="#8A8A8A",
                      bar="#1E6B52", bar_text="#FFFFFF"),
}

# The lectures. builds: 1-based slide numbers revealed bullet by bullet; clip: (slides before it, style).
LECTURES = [
    dict(name="en-epidemiology-basics", lang="en", template="white", fps=25, cases=["inset", "cursor"],
         inset="webcam", course="School of Public Health · PH 101 Principles of Epidemiology", slides=[
        ("Introduction to Epidemiology", ["What epidemiology studies and why it matters",
         "Distribution and determinants of disease", "From John Snow to modern surveillance",
         "Course outline and assessment"]),
        ("Measures of Disease Frequency", ["Counts, proportions, rates and ratios",
         "Prevalence describes the burden at one point in time", "Incidence captures new cases over time",
         "Choosing the right denominator"]),
        ("Incidence Rate and Person-Time", ["Person-time accounts for unequal follow-up",
         "Rate = new cases / total person-time", "Example: 12 cases in 4,800 person-years",
         "Report rates per 1,000 person-years"]),
        ("Person, Place and Time", ["Who is affected: age, sex, occupation", "Where: maps, clusters and gradients",
         "When: trends, seasonality and outbreaks", "Generating hypotheses from patterns"]),
        ("Study Designs at a Glance", ["Cross-sectional surveys", "Case-control studies", "Cohort studies",
         "Randomised controlled trials"]),
        ("Summary and Reading for Next Week", ["Frequency measures are the foundation",
         "Always check the numerator and the denominator", "Read Gordis, chapters 3 and 4",
         "The quiz opens on Monday"]),
    ]),
    dict(name="en-malaria-control", lang="en", template="gray", fps=25, cases=["builds", "fades"], builds=[2, 4],
         course="Global Health Programme · GH 210 Communicable Disease Control", slides=[
        ("Malaria Control Strategies", ["Global burden and recent trends", "The parasite, the mosquito and the host",
         "Prevention, diagnosis and treatment", "Lessons from national programmes"]),
        ("The Plasmodium Life Cycle", ["Sporozoites enter through a mosquito bite",
         "The liver stage multiplies silently", "The blood stage causes the symptoms",
         "Gametocytes infect the next mosquito"]),
        ("Vector Control with Bed Nets", ["Insecticide-treated nets reduce child deaths",
         "Mass distribution campaigns every three years", "Gaps between owning a net and sleeping under it",
         "Pyrethroid resistance is spreading"]),
        ("Indoor Residual Spraying", ["Walls sprayed once or twice a year", "Kills mosquitoes resting indoors",
         "Costly logistics and community acceptance", "Rotate insecticide classes"]),
        ("Case Management and Surveillance", ["Rapid diagnostic tests at community level",
         "Artemisinin-based combination therapy", "Weekly case reporting to the district",
         "Target resources where transmission persists"]),
    ]),
    dict(name="en-vaccine-safety", lang="en", template="bar-blue", fps=30, cases=["clip", "cursor"],
         clip=(3, "full-testsrc2"), course="PH 204 · Vaccines and Immunization Programmes", slides=[
        ("Vaccine Safety Monitoring", ["Why safety monitoring never stops",
         "From clinical trials to millions of doses", "Rare events need large populations",
         "Communicating risk honestly"]),
        ("Adverse Events Following Immunization", ["Definition of an AEFI",
         "Vaccine product and quality defects", "Immunization errors and anxiety reactions",
         "Coincidental events"]),
        ("Passive Reporting Systems", ["Health workers and the public report events",
         "Cheap and broad but incomplete", "Signals need careful follow-up", "Examples: VAERS and national systems"]),
        ("Active Surveillance and Signal Detection", ["Linked electronic health records",
         "Observed versus expected analysis", "Self-controlled case series", "Rapid cycle analysis"]),
        ("Building and Keeping Public Trust", ["Transparent investigation of serious events",
         "No-fault compensation schemes", "Listening to community concerns", "Working with the media"]),
    ]),
    dict(name="en-nutrition-surveys", lang="en", template="dark", fps=25, cases=["shake", "fades"],
         course="Department of Nutrition · NU 305 Field Methods", slides=[
        ("Nutrition Surveys in Practice", ["Why we measure nutritional status", "Household and individual surveys",
         "Planning fieldwork and training teams", "Case study: a district survey"]),
        ("Anthropometric Indicators", ["Weight-for-height and wasting", "Height-for-age and stunting",
         "Mid-upper arm circumference", "Z-scores against WHO growth standards"]),
        ("Sampling for a District Survey", ["Two-stage cluster sampling", "Sample size and design effect",
         "Selecting households at random", "Avoiding convenience samples"]),
        ("Measurement Quality in the Field", ["Calibrate the scales every morning",
         "Standardise length boards and technique", "Repeat measurements on a subsample",
         "Flag implausible values early"]),
        ("Reporting Prevalence with Confidence", ["Weighted estimates and 95% intervals",
         "Compare with previous surveys carefully", "Present results by age and sex",
         "Share the findings with the district team"]),
    ]),
    dict(name="en-biostatistics-regression", lang="en", template="bar-red", fps=25,
         cases=["inset", "builds", "clip"], inset="testsrc2", builds=[2, 4], clip=(4, "framed-life"),
         course="BIOS 220 · Biostatistics II", slides=[
        ("Linear Regression for Health Data", ["Modelling an outcome from predictors",
         "Example: blood pressure and age", "Assumptions and diagnostics", "Interpreting the coefficients"]),
        ("The Least Squares Line", ["The fit minimises the squared residuals",
         "Slope: change in outcome per unit of the predictor", "Intercept: value when the predictor is zero",
         "R-squared: share of variance explained"]),
        ("Adding Covariates", ["Adjusting for confounders", "Coefficients become conditional",
         "Categorical variables as indicators", "Beware of overfitting small samples"]),
        ("Checking Model Assumptions", ["Linearity: residuals versus fitted values", "Constant variance",
         "Normality of the residuals", "Influential observations"]),
        ("Interactions and Effect Modification", ["Does the effect of age differ by sex?",
         "Product terms in the model", "Stratified estimates", "Report interactions clearly"]),
        ("Regression in Practice with R", ["Use lm() and summary()", "Plot the residuals before reporting",
         "Keep the analysis script reproducible", "Exercise sheet due on Friday"]),
    ]),
    dict(name="en-maternal-health", lang="en", template="white", fps=30, cases=["shake", "cursor"],
         course="School of Public Health · RH 240 Reproductive Health", slides=[
        ("Maternal Health and Safe Motherhood", ["Maternal mortality as a key indicator",
         "The three delays model", "Quality of antenatal care", "Skilled attendance at birth"]),
        ("Causes of Maternal Death", ["Severe bleeding after childbirth", "Infections and sepsis",
         "Pre-eclampsia and eclampsia", "Complications of unsafe abortion"]),
        ("Emergency Obstetric Care", ["Basic and comprehensive signal functions", "Referral and transport systems",
         "Availability of blood for transfusion", "Monitoring facility readiness"]),
        ("Measuring Progress Toward the SDG Target", ["Maternal mortality ratio per 100,000 live births",
         "Data from surveys and civil registration", "Uncertainty in national estimates", "Targets for 2030"]),
    ]),
    dict(name="fr-sante-publique-intro", lang="fr", template="white", fps=25, cases=["inset", "fades"],
         inset="webcam", course="École de santé publique · SP 101 Fondements de la santé publique", slides=[
        ("Introduction à la santé publique", ["Définitions et grands principes",
         "Histoire : de l'hygiène à la prévention", "Les déterminants de la santé",
         "Organisation du cours et évaluation"]),
        ("Les déterminants sociaux de la santé", ["Revenu, éducation et emploi",
         "Conditions de logement et d'environnement", "Accès aux soins de santé primaires",
         "Inégalités entre régions et entre genres"]),
        ("Mesurer l'état de santé d'une population", ["Espérance de vie à la naissance",
         "Mortalité infantile et maternelle", "Années de vie corrigées de l'incapacité",
         "Sources : état civil, enquêtes, registres"]),
        ("Prévention primaire, secondaire et tertiaire", ["Éviter l'apparition de la maladie",
         "Dépister tôt pour mieux traiter", "Réduire les complications et les séquelles",
         "Exemples : vaccination, dépistage, réadaptation"]),
        ("La promotion de la santé", ["Charte d'Ottawa (1986)",
         "Renforcer l'action communautaire", "Créer des milieux favorables à la santé",
         "Réorienter les services de santé"]),
        ("Synthèse et lectures recommandées", ["La santé publique agit sur les populations",
         "Les déterminants dépassent le système de soins", "Lire le chapitre 2 du manuel",
         "Prochaine séance : l'épidémiologie"]),
    ]),
    dict(name="fr-maladies-infectieuses", lang="fr", template="bar-green", fps=25, cases=["builds", "cursor"],
         builds=[2, 4], course="SP 230 · Épidémiologie des maladies transmissibles", slides=[
        ("Épidémiologie des maladies infectieuses", ["Agent, hôte et environnement", "Modes de transmission",
         "Notions de réservoir et de vecteur", "Objectifs de la séance"]),
        ("La chaîne de transmission", ["Réservoir de l'agent pathogène", "Porte de sortie et mode de transmission",
         "Porte d'entrée chez l'hôte", "Hôte réceptif"]),
        ("Le nombre de reproduction de base", ["Nombre moyen de cas secondaires", "Si R0 > 1, l'épidémie progresse",
         "Rougeole : R0 entre 12 et 18", "Seuil d'immunité collective"]),
        ("Investigation d'une épidémie", ["Confirmer l'existence de l'épidémie", "Définir les cas et les recenser",
         "Décrire selon le temps, le lieu et les personnes", "Formuler et tester des hypothèses"]),
        ("Mesures de contrôle et leçons apprises", ["Isolement et traitement des cas", "Vaccination réactive",
         "Communication avec la population", "Évaluer la riposte après la crise"]),
    ]),
    dict(name="fr-eau-hygiene", lang="fr", template="dark", fps=25, cases=["clip", "shake"],
         clip=(2, "framed-mandelbrot"), course="École de santé publique · SP 250 Santé environnementale", slides=[
        ("Eau, assainissement et hygiène", ["Pourquoi l'accès à l'eau est un enjeu de santé",
         "Maladies diarrhéiques et choléra", "Objectifs de développement durable", "Plan de la séance"]),
        ("Qualité de l'eau de boisson", ["Contamination fécale et indicateurs",
         "Traitement à domicile : chloration, filtration", "Stockage sûr dans des récipients fermés",
         "Contrôle de la qualité par les services"]),
        ("Assainissement et gestion des excréta", ["Latrines améliorées", "Fin de la défécation à l'air libre",
         "Vidange et traitement des boues", "Approche communautaire (ATPC)"]),
        ("Le lavage des mains au savon", ["Moments clés : avant de manger, après les toilettes",
         "Réduction de la diarrhée de près de 30 %", "Dispositifs simples : le « tippy-tap »",
         "Changer les comportements durablement"]),
        ("Évaluer un programme WASH", ["Indicateurs d'accès et d'utilisation", "Enquêtes auprès des ménages",
         "Observation directe des pratiques", "Coût et durabilité des ouvrages"]),
    ]),
    dict(name="zh-public-health-intro", lang="zh", template="bar-blue", fps=25, cases=["inset", "builds"],
         inset="webcam", builds=[2, 4], course="公共卫生学院 · 公共卫生概论", slides=[
        ("公共卫生导论", ["公共卫生的定义与使命", "从传染病防治到健康促进", "健康的社会决定因素", "课程安排与考核方式"]),
        ("公共卫生的核心职能", ["监测人群健康状况", "调查和处理健康危害", "制定卫生政策与法规", "评估卫生服务的效果"]),
        ("人口健康的测量指标", ["期望寿命与死亡率", "婴儿死亡率和孕产妇死亡率", "伤残调整生命年",
         "数据来源：普查与登记系统"]),
        ("疾病的三级预防", ["一级预防：防止疾病发生", "二级预防：早发现、早诊断、早治疗", "三级预防：减少并发症和残疾",
         "案例：高血压的社区管理"]),
        ("本讲小结与课后阅读", ["公共卫生关注整个人群", "预防优于治疗", "阅读教材第一章和第二章", "下周讲授流行病学基础"]),
    ]),
    dict(name="zh-epidemic-response", lang="zh", template="gray", fps=30, cases=["fades", "clip"],
         clip=(3, "full-cellauto"), course="公共卫生学院 · 传染病预防与控制", slides=[
        ("突发传染病的应急响应", ["什么是突发公共卫生事件", "早期预警与报告", "应急响应的组织体系", "本讲学习目标"]),
        ("传染病监测与预警系统", ["法定传染病网络直报", "症状监测与哨点医院", "预警阈值的设定", "信息的及时反馈"]),
        ("现场流行病学调查", ["核实诊断与确定暴发", "建立病例定义", "描述疾病的三间分布", "提出并检验病因假设"]),
        ("隔离检疫与接触者追踪", ["病例隔离与规范治疗", "密切接触者的判定", "医学观察的期限", "保护个人隐私"]),
        ("风险沟通与公众参与", ["及时、准确、公开地发布信息", "回应社会关切", "与社区组织合作", "应对谣言与错误信息"]),
        ("应急响应的评估与总结", ["响应时效与控制效果", "资源调配是否合理", "总结经验教训", "完善应急预案"]),
    ]),
    dict(name="zh-chronic-disease", lang="zh", template="dark", fps=25, cases=["shake", "cursor", "fades"],
         course="公共卫生学院 · 慢性病流行病学", slides=[
        ("慢性非传染性疾病的防控", ["慢性病的疾病负担", "主要危险因素", "全人群策略与高危人群策略", "本讲内容安排"]),
        ("吸烟与健康", ["烟草使用的流行现状", "二手烟的危害", "控烟的有效措施", "戒烟服务与支持"]),
        ("高血压的社区管理", ["筛查与早期发现", "规范服药与随访", "限盐与体育锻炼", "基层医生的作用"]),
        ("糖尿病的预防与控制", ["二型糖尿病的危险因素", "健康饮食与体重管理", "血糖监测与并发症筛查", "患者自我管理教育"]),
    ]),
]

# ---------------------------------------------------------------------------------------------------------------
# Fonts and slide rendering
# ---------------------------------------------------------------------------------------------------------------
_font_cache = {}


def font(lang, bold, size):
    """DejaVu Sans for Latin text; the Simplified Chinese face of Noto Sans CJK for Chinese."""
    key = (lang == "zh", bold, size)
    if key not in _font_cache:
        if lang == "zh":
            path = NOTO_CJK.format("Bold" if bold else "Regular")
            index = next(i for i in range(10) if "SC" in ImageFont.truetype(path, 12, index=i).getname()[0])
            _font_cache[key] = ImageFont.truetype(path, size, index=index)
        else:
            _font_cache[key] = ImageFont.truetype(DEJAVU.format("-Bold" if bold else ""), size)
    return _font_cache[key]


def wrap(draw, text, fnt, width, lang):
    """Greedy line wrap: by words for Latin text, by characters for Chinese."""
    units = list(text) if lang == "zh" else text.split(" ")
    sep = "" if lang == "zh" else " "
    lines, line = [], ""
    for u in units:
        cand = line + sep + u if line else u
        if line and draw.textlength(cand, font=fnt) > width:
            lines.append(line)
            line = u
        else:
            line = cand
    return lines + [line]


def blank_slide(lec, number=None, total=None):
    """The template alone (background, header bar, footer): the backdrop of every slide and of framed clips."""
    t = TEMPLATES[lec["template"]]
    img = Image.new("RGB", (W, H), t["bg"])
    d = ImageDraw.Draw(img)
    lang = lec["lang"]
    if "bar" in t:
        d.rectangle([0, 0, W, 96], fill=t["bar"])
        d.ellipse([40, 22, 92, 74], outline=t["bar_text"], width=4)          # a round "logo"
        d.rectangle([58, 38, 74, 58], fill=t["bar_text"])
        d.text((116, 48), lec["course"], font=font(lang, False, 26), fill=t["bar_text"], anchor="lm")
    else:
        d.text((80, H - 36), lec["course"], font=font(lang, False, 20), fill=t["footer"], anchor="lm")
    d.line([80, H - 64, W - 80, H - 64], fill=t["footer"], width=1)
    if number is not None:
        d.text((W - 80, H - 36), f"{number} / {total}", font=font(lang, False, 20), fill=t["footer"], anchor="rm")
    return img


def render_slide(lec, number, total, title, bullets, shown):
    """One slide with its title and the first `shown` bullets. The title is the largest text on the slide."""
    t = TEMPLATES[lec["template"]]
    lang = lec["lang"]
    img = blank_slide(lec, number, total)
    d = ImageDraw.Draw(img)
    size = 56
    while d.textlength(title, font=font(lang, True, size)) > W - 160:
        size -= 2
    if size < 42:
        raise ValueError(f"title too long for one line: {title!r}")
    top = 136 if "bar" in t else 72
    d.text((80, top), title, font=font(lang, True, size), fill=t["title"], anchor="lt")
    rule_y = top + size + 26
    d.rectangle([80, rule_y, 200, rule_y + 5], fill=t["accent"])
    y = rule_y + 50
    body = font(lang, False, 32)
    for text in bullets[:shown]:
        d.ellipse([88, y + 12, 100, y + 24], fill=t["accent"])
        for line in wrap(d, text, body, W - 160 - 50, lang):
            d.text((130, y), line, font=body, fill=t["text"], anchor="lt")
            y += 46
        y += 24
    return img


def render_assets(dirpath):
    """Static pieces of the effects: laser dot, webcam background and head."""
    dot = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    d = ImageDraw.Draw(dot)
    d.ellipse([4, 4, 28, 28], fill=(255, 40, 40, 90))
    dot = dot.filter(ImageFilter.GaussianBlur(3))
    ImageDraw.Draw(dot).ellipse([10, 10, 22, 22], fill=(255, 30, 30, 255))
    dot.save(os.path.join(dirpath, "dot.png"))

    cam = Image.new("RGB", (320, 180), "#8C8373")                          # office wall
    d = ImageDraw.Draw(cam)
    for y in range(180):                                                   # lamp on the left: uneven light
        d.line([0, y, 319, y], fill=(150 - y // 6, 140 - y // 6, 122 - y // 6))
    d.rectangle([210, 20, 312, 170], fill="#5A3E2B")                        # bookshelf
    colors = ["#B03A2E", "#2E86C1", "#F1C40F", "#27AE60", "#8E44AD", "#D35400", "#ECF0F1"]
    for row, y in enumerate([28, 78, 128]):
        x = 216
        for k in range(9):
            w = 7 + (k * 5 + row * 3) % 6
            d.rectangle([x, y, x + w, y + 40], fill=colors[(k + row * 2) % len(colors)])
            x += w + 2
    d.rectangle([18, 18, 110, 90], fill="#BFD7EA", outline="#EEEEEE", width=4)  # window
    cam.save(os.path.join(dirpath, "cam-bg.png"))

    head = Image.new("RGBA", (150, 170), (0, 0, 0, 0))
    d = ImageDraw.Draw(head)
    d.ellipse([5, 112, 145, 230], fill="#2C4A6E")                          # shoulders
    d.rectangle([60, 90, 90, 125], fill="#C68E6A")                         # neck
    d.ellipse([38, 14, 112, 108], fill="#D9A27E")                          # face
    d.chord([34, 6, 116, 70], 180, 360, fill="#3B2A20")                    # hair
    d.ellipse([56, 52, 66, 60], fill="#2B2B2B")
    d.ellipse([84, 52, 94, 60], fill="#2B2B2B")
    d.arc([60, 70, 90, 92], 20, 160, fill="#8A3B2E", width=3)
    head.save(os.path.join(dirpath, "cam-head.png"))


# ---------------------------------------------------------------------------------------------------------------
# Timeline plan (deterministic)
# ---------------------------------------------------------------------------------------------------------------
def plan(lec, quick):
    """Segments with times in ticks: start, dur, kind, title, transition in, fade ticks, build step offsets."""
    rng = random.Random("lectern-chapters/" + lec["name"])
    clip_after, clip_style = lec.get("clip", (None, None))
    segs = []
    for i, (title, bullets) in enumerate(lec["slides"], 1):
        dur = rng.randint(30, 50) if quick else rng.randint(125, 300)      # 6-10 s / 25-60 s
        steps = []
        if i in lec.get("builds", []):
            at = 0
            for _ in bullets:                                              # bullets 4-8 s apart (2 s in quick)
                at += 10 if quick else rng.randint(20, 40)
                steps.append(at)
            dur = max(dur, at + (10 if quick else 30))
        segs.append(dict(kind="slide", number=i, title=title, bullets=bullets, dur=dur, steps=steps))
        if i == clip_after:
            segs.append(dict(kind="clip", title="", style=clip_style, dur=25 if quick else rng.randint(110, 150),
                             steps=[]))
    for s in segs:
        s["transition"], s["fade"] = "cut", 0
    if "fades" in lec["cases"]:
        later = segs[1:]
        for s in later:
            s["transition"] = rng.choice(["cut", "fade", "fade", "fadeblack"])
        if not any(s["transition"] == "fade" for s in later):          # at least one crossfade ...
            later[0]["transition"] = "fade"
        if not any(s["transition"] == "fadeblack" for s in later):     # ... and one fade through black
            fades = [s for s in later if s["transition"] == "fade"]
            next(s for s in reversed(later) if s is not fades[0])["transition"] = "fadeblack"
        for s in segs[1:]:
            if s["transition"] == "fade":
                s["fade"] = rng.randint(3, 7)                              # 0.6-1.4 s crossfade
            elif s["transition"] == "fadeblack":
                s["fade"] = rng.randint(5, 7)                              # 1.0-1.4 s through black
    start = 0
    for k, s in enumerate(segs):
        s["start"] = start
        start += s["dur"]
        s["tail"] = segs[k + 1]["fade"] if k + 1 < len(segs) else 0        # held longer to fade out under the next
    return segs, start


def secs(ticks):
    return round(ticks * TICK, 1)


def labels_for(lec, segs, total, quick):
    chapters = []
    for s in segs:
        ch = dict(start=secs(s["start"]), title=s["title"], kind=s["kind"], transition=s["transition"])
        if s["fade"]:
            ch["fade"] = secs(s["fade"])
        if s["steps"]:
            ch["steps"] = [secs(s["start"] + t) for t in s["steps"]]
        if s["kind"] == "clip":
            ch["clip"] = s["style"]
        chapters.append(ch)
    return dict(name=lec["name"], file=lec["name"] + ".mp4", language=lec["lang"], duration=secs(total),
                fps=lec["fps"], template=lec["template"], quick=quick, cases=lec["cases"],
                changes=[c["start"] for c in chapters[1:]], chapters=chapters)


# ---------------------------------------------------------------------------------------------------------------
# Narration: espeak-ng utterances placed on the timeline, cut at the end of their segment
# ---------------------------------------------------------------------------------------------------------------
def speak(text, voice, path):
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", path, text], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with wave.open(path) as w:
        if (w.getframerate(), w.getnchannels(), w.getsampwidth()) != (SAMPLE_RATE, 1, 2):
            raise RuntimeError(f"unexpected espeak-ng WAV format in {path}")
        return array.array("h", w.readframes(w.getnframes()))


def narration(lec, segs, total, tmp, wav_path):
    voice = VOICES[lec["lang"]]
    buf = array.array("h", bytes(2 * int(secs(total) * SAMPLE_RATE)))
    n = 0

    def put(samples, at, end):
        """Write samples at second `at`, cut (20 ms fade-out) before second `end`; returns where the audio ends.
        Utterances never overlap, so a plain copy is enough."""
        a = int(at * SAMPLE_RATE)
        b = min(int(end * SAMPLE_RATE), a + len(samples))
        if b > a:
            piece = samples[:b - a]
            if b - a < len(samples):
                ramp = min(len(piece), int(0.02 * SAMPLE_RATE))
                for k in range(ramp):
                    piece[-1 - k] = int(piece[-1 - k] * k / ramp)
            buf[a:b] = piece
        return at + len(samples) / SAMPLE_RATE

    for s in segs:
        start, end = secs(s["start"]), secs(s["start"] + s["dur"]) - 0.3
        if s["kind"] == "clip":
            n += 1
            at = put(speak(CLIP_LINE[lec["lang"]], voice, os.path.join(tmp, f"u{n}.wav")), start + 0.5, end)
            # The clip's "soundtrack": a quiet tone stepping through 220, 330 and 440 Hz every quarter second.
            hz = lambda k: 220 + 110 * ((k // (SAMPLE_RATE // 4)) % 3)
            tone = array.array("h", (int(1800 * math.sin(2 * math.pi * hz(k) * k / SAMPLE_RATE))
                                     for k in range(int((end - at) * SAMPLE_RATE))))
            put(tone, at + 0.3, end)
            continue
        texts = [s["title"]] + s["bullets"]
        offsets = [0] + (s["steps"] or [None] * len(s["bullets"]))
        at = start + 0.6 + s["fade"] * TICK
        for text, off in zip(texts, offsets):
            if off is not None:
                at = max(at, start + off * TICK + 0.4)                     # a build's bullet is read when it appears
            n += 1
            at = put(speak(text, voice, os.path.join(tmp, f"u{n}.wav")), at, end) + 0.5
    with wave.open(wav_path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE)
        w.writeframes(buf.tobytes())


# ---------------------------------------------------------------------------------------------------------------
# Video: one ffmpeg filter graph per lecture
# ---------------------------------------------------------------------------------------------------------------
# A shaken lecture is composed on a larger "room" canvas (the slide shrunk to 1024x576 on a screen in a dark hall)
# and a jittering 1280x720 window is cropped from it on every frame. Blur and uneven light are baked into the
# stills by Pillow (per-frame ffmpeg blur and vignette filters would triple the generation time).
ROOM = dict(size=(1440, 810), at=(208, 117), scale=0.8)


class Filmer:
    """Turns a 1280x720 slide into the room canvas: shrunk, slightly blurred, on a screen, unevenly lit."""

    def __init__(self):
        cw, ch = ROOM["size"]
        self.room = Image.new("RGB", (cw, ch))
        d = ImageDraw.Draw(self.room)
        for y in range(ch):                                                 # wall, darker towards the floor
            g = int(92 - 30 * y / ch)
            d.line([0, y, cw - 1, y], fill=(g + 10, g + 5, g))
        x0, y0 = ROOM["at"]
        d.rectangle([x0 - 20, y0 - 20, cw - x0 + 20, ch - y0 + 20], fill="#0E0E10")  # screen border
        d.rectangle([0, ch - 70, cw - 1, ch - 1], fill="#5A3E2A")            # front desk
        d.rectangle([cw - 150, 260, cw - 50, ch - 70], fill="#4A3F36")       # door
        d.rectangle([40, 200, 130, 330], fill="#D8D2C0")                     # notice board
        d.rectangle([50, 215, 120, 260], fill="#9AB8D0")
        # Light: brightest left of centre, falling to ~55 % in the far corners (a projector hot spot).
        glow = Image.radial_gradient("L").resize((2 * cw, 2 * ch))
        glow = glow.crop((int(cw * 0.62), int(ch * 0.58), int(cw * 1.62), int(ch * 1.58)))
        self.light = Image.merge("RGB", [glow.point(lambda v: 255 - v * 115 // 255)] * 3)

    def __call__(self, img):
        w, h = int(W * ROOM["scale"]), int(H * ROOM["scale"])
        canvas = self.room.copy()
        canvas.paste(img.resize((w, h), Image.LANCZOS).filter(ImageFilter.GaussianBlur(0.9)), ROOM["at"])
        return ImageChops.multiply(canvas, self.light)


CLIP_SOURCES = {  # each at the clip's size {w}x{h}
    "testsrc2": "testsrc2=s={w}x{h}:r={fps}",
    "cellauto": "cellauto=s=320x180:r={fps}:rule=110:random_fill_ratio=0.5:seed=7,format=rgb24,"
                "lutrgb=r='val*0.4':g='val*0.8':b='val',scale={w}:{h}:flags=neighbor",
    "life": "life=s=240x135:r={fps}:ratio=0.3:seed=11:mold=8:life_color=#F0C040:death_color=#903020:"
            "mold_color=#202040,scale={w}:{h}:flags=neighbor",
    "mandelbrot": "mandelbrot=s=320x180:r={fps}:maxiter=150:start_scale=3:end_scale=0.15:end_pts={frames}:"
                  "start_x=-0.743643887037151:start_y=0.13182590420533,scale={w}:{h}",   # zoom: seahorse valley
}


def video_graph(lec, segs, total, still_png, frame_png):
    """Build (input PNG paths, filter graph) for the lecture; the graph's output pad is [v].

    still_png(seg, shown) gives the image of a slide with `shown` bullets, frame_png(name, img) saves a backdrop;
    both already on the room canvas for a shaken lecture."""
    fps = lec["fps"]
    fpt = round(fps * TICK)                    # frames per tick
    shake = "shake" in lec["cases"]
    (ox, oy), sc = (ROOM["at"], ROOM["scale"]) if shake else ((0, 0), 1)
    inputs, graph = [], []

    def still(path, frames, label):
        """A PNG held for `frames` (decoded once, repeated by the loop filter)."""
        inputs.append(path)
        graph.append(f"[{len(inputs) - 1}:v]format=yuv420p,setsar=1,loop=loop={frames - 1}:size=1:start=0,"
                     f"settb=1/{fps},setpts=N[{label}]")

    for k, s in enumerate(segs):
        length = (s["dur"] + s["tail"]) * fpt
        if s["kind"] == "clip":
            full, name = s["style"].split("-")
            x, y, w, h = (0, 0, W, H) if full == "full" else (160, 124 if "bar" in lec["template"] else 70, 960, 540)
            src = CLIP_SOURCES[name].format(fps=fps, w=round(w * sc), h=round(h * sc), frames=length)
            graph.append(f"{src},trim=end_frame={length},settb=1/{fps},setpts=N,format=yuv420p,setsar=1[c{k}]")
            if full == "full" and not shake:
                graph.append(f"[c{k}]null[s{k}]")
            else:                              # a large picture on the template's blank slide (no title)
                backdrop = Image.new("RGB", (W, H), "black") if full == "full" else blank_slide(lec)
                still(frame_png(f"clip-{k}.png", backdrop), length, f"b{k}")
                graph.append(f"[b{k}][c{k}]overlay=x={round(ox + x * sc)}:y={round(oy + y * sc)}[s{k}]")
        elif s["steps"]:                       # a build: one still per step, cut together
            bounds = [0] + s["steps"] + [s["dur"] + s["tail"]]
            for j in range(len(bounds) - 1):
                still(still_png(s, j), (bounds[j + 1] - bounds[j]) * fpt, f"s{k}b{j}")
            graph.append("".join(f"[s{k}b{j}]" for j in range(len(bounds) - 1))
                         + f"concat=n={len(bounds) - 1}:v=1:a=0,settb=1/{fps},setpts=N[s{k}]")
        else:
            still(still_png(s, len(s["bullets"])), length, f"s{k}")

    # Cut every segment into [head][main][tail]: head overlaps the previous segment's tail during a fade into it,
    # tail the next one's head. Only those short overlaps go through xfade (which costs time on every frame it
    # sees); all the pieces are then joined in order by one concat.
    pieces = []
    for k, s in enumerate(segs):
        a, b, c = s["fade"] * fpt, s["dur"] * fpt, (s["dur"] + s["tail"]) * fpt
        parts = [(x, y, f"{n}{k}") for x, y, n in ((0, a, "h"), (a, b, "m"), (b, c, "t")) if y > x]
        graph.append(f"[s{k}]split={len(parts)}" + "".join(f"[p{n}]" for _, _, n in parts))
        for x, y, n in parts:
            graph.append(f"[p{n}]trim=start_frame={x}:end_frame={y},setpts=N[{n}]")
        if a:                                  # the fade starts at the segment's start (its label)
            graph.append(f"[t{k - 1}][h{k}]xfade=transition={s['transition']}:duration={secs(s['fade'])}:"
                         f"offset=0[f{k}]")
            pieces.append(f"f{k}")
        pieces.append(f"m{k}")
    graph.append("".join(f"[{p}]" for p in pieces) + f"concat=n={len(pieces)}:v=1:a=0,settb=1/{fps},setpts=N[all]")
    cur = "all"

    nframes = total * fpt
    if "cursor" in lec["cases"]:               # laser dot on a slow wandering path, hidden now and then
        inputs.append(frame_png("dot.png"))
        graph.append(f"[{cur}][{len(inputs) - 1}:v]overlay="
                     f"x='{ox}+{sc}*(560+380*sin(0.37*t+0.5)+150*sin(1.13*t+2.0)+3*sin(13*t))':"
                     f"y='{oy}+{sc}*(430+160*sin(0.29*t+1.0)+70*sin(0.97*t+0.3)+3*sin(11*t))':"
                     "enable='lt(mod(t,37),29)'[cur]")
        cur = "cur"
    if shake:                                  # hand-held camera: a few pixels of jitter on every frame on top of
        cx, cy = (ROOM["size"][0] - W) // 2, (ROOM["size"][1] - H) // 2   # a slow sway, sensor noise, exposure drift
        graph.append(f"[{cur}]crop=w={W}:h={H}:x='{cx}+2*sin(n*1.9)+1.5*sin(n*0.53+1.3)+10*sin(t*0.4)+4*sin(t*1.7)':"
                     f"y='{cy}+2*sin(n*2.3+0.7)+1.5*sin(n*0.71)+6*sin(t*0.31+1)+3*sin(t*1.3)',"
                     "noise=alls=4:allf=t,eq=brightness='0.025*sin(t*0.9)':eval=frame[shk]")
        cur = "shk"
    if "inset" in lec["cases"]:                # speaker camera, bottom-right, different on every frame
        if lec["inset"] == "webcam":
            inputs += [frame_png("cam-bg.png"), frame_png("cam-head.png")]
            graph.append(f"[{len(inputs) - 2}:v]format=yuv420p,loop=loop={nframes - 1}:size=1:start=0,"
                         f"settb=1/{fps},setpts=N[cbg]")
            graph.append(f"[cbg][{len(inputs) - 1}:v]overlay=x='85+24*sin(t*1.1)+8*sin(t*2.9)':"
                         "y='14+6*sin(t*0.8)+3*sin(t*2.3)',noise=alls=5:allf=t,"
                         "eq=brightness='0.04*sin(t*0.5)':eval=frame[cam]")
        else:
            graph.append(f"testsrc2=s=320x180:r={fps}:d={secs(total)},format=yuv420p[cam]")
        graph.append("[cam]pad=w=326:h=186:x=3:y=3:color=#F0F0F0[camb]")
        graph.append(f"[{cur}][camb]overlay=x=W-w-20:y=H-h-20:shortest=1[ins]")
        cur = "ins"
    graph.append(f"[{cur}]format=yuv420p[v]")
    return inputs, ";\n".join(graph)


def make_lecture(lec, outdir, quick, preset):
    """Render, narrate and encode one lecture; write its labels. Returns (name, seconds taken)."""
    t0 = time.monotonic()
    d = os.path.join(outdir, lec["name"])
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):                    # leftovers of an earlier run
        if (f.startswith("slide-") and f.endswith(".png")) or f == "filtergraph.txt":
            os.remove(os.path.join(d, f))
    segs, total = plan(lec, quick)
    nslides = len(lec["slides"])
    film = Filmer() if "shake" in lec["cases"] else None
    with tempfile.TemporaryDirectory(prefix="chapters-") as tmp:
        render_assets(tmp)

        def frame_png(name, img=None):
            """An asset in tmp; a given backdrop image is saved there first (filmed for a shaken lecture)."""
            path = os.path.join(tmp, name)
            if img is not None:
                (film(img) if film else img).save(path, compress_level=1)
            return path

        def still_png(s, shown):
            """The slide PNG kept in OUTDIR (rendered once); a shaken lecture gets a filmed copy in tmp."""
            n = len(s["bullets"])
            name = f"slide-{s['number']:02d}" + ("" if shown == n else f"-step{shown}") + ".png"
            path = os.path.join(d, name)
            if not os.path.exists(path):
                render_slide(lec, s["number"], nslides, s["title"], s["bullets"], shown).save(path, optimize=True)
            return frame_png("filmed-" + name, Image.open(path).convert("RGB")) if film else path

        inputs, graph = video_graph(lec, segs, total, still_png, frame_png)
        wav = os.path.join(tmp, "narration.wav")
        narration(lec, segs, total, tmp, wav)
        out = os.path.join(d, lec["name"] + ".mp4")
        cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
        for p in inputs:                       # stills at the lecture's rate (xfade wants equal frame rates)
            cmd += ["-framerate", str(lec["fps"]), "-i", p]
        cmd += ["-i", wav, "-filter_complex", graph, "-map", "[v]", "-map", f"{len(inputs)}:a",
                "-c:v", "libx264", "-preset", preset, "-crf", "23", "-pix_fmt", "yuv420p", "-r", str(lec["fps"]),
                "-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1", "-t", str(secs(total)),
                "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
                "-movflags", "+faststart", out + ".part.mp4"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            with open(os.path.join(d, "filtergraph.txt"), "w") as f:
                f.write(graph + "\n")
            raise RuntimeError(f"ffmpeg failed for {lec['name']} (graph in {d}/filtergraph.txt): "
                               + r.stderr.strip()[-600:])
        os.replace(out + ".part.mp4", out)
    with open(os.path.join(d, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(labels_for(lec, segs, total, quick), f, ensure_ascii=False, indent=2)
        f.write("\n")
    return lec["name"], time.monotonic() - t0


def write_index(outdir):
    """index.json lists every known lecture that has labels in OUTDIR, in the canonical order."""
    lectures = []
    for lec in LECTURES:
        path = os.path.join(outdir, lec["name"], "labels.json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lab = json.load(f)
            lectures.append(dict(name=lab["name"], file=f"{lab['name']}/{lab['file']}",
                                 labels=f"{lab['name']}/labels.json", language=lab["language"],
                                 duration=lab["duration"], quick=lab["quick"], cases=lab["cases"],
                                 changes=len(lab["changes"])))
    with open(os.path.join(outdir, "index.json"), "w", encoding="utf-8") as f:
        json.dump(dict(generator="scripts/chapters-testset.py", lectures=lectures), f, ensure_ascii=False, indent=2)
        f.write("\n")
    return lectures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--only", metavar="NAME", action="append", help="make only this lecture (repeatable)")
    ap.add_argument("--quick", action="store_true", help="short lectures for a smoke test")
    ap.add_argument("--jobs", type=int, default=2, help="lectures encoded at once (default 2)")
    ap.add_argument("--preset", default="ultrafast", help="libx264 preset (default ultrafast)")
    ap.add_argument("--list", action="store_true", help="print the lecture names and cases, then exit")
    a = ap.parse_args()
    if a.list:
        for lec in LECTURES:
            print(f"{lec['name']:30} {lec['lang']}  {','.join(lec['cases'])}")
        return
    if not a.outdir:
        ap.error("OUTDIR is required")
    for tool in ("ffmpeg", "espeak-ng"):
        if shutil.which(tool) is None:
            sys.exit(f"error: {tool} not found on PATH")
    for path in (DEJAVU.format(""), DEJAVU.format("-Bold"), NOTO_CJK.format("Regular"), NOTO_CJK.format("Bold")):
        if not os.path.exists(path):
            sys.exit(f"error: font {path} missing (install fonts-dejavu-core and fonts-noto-cjk)")
    names = [lec["name"] for lec in LECTURES]
    for n in a.only or []:
        if n not in names:
            sys.exit(f"error: unknown lecture {n!r} (see --list)")
    todo = [lec for lec in LECTURES if not a.only or lec["name"] in a.only]
    os.makedirs(a.outdir, exist_ok=True)
    t0 = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max(1, a.jobs)) as pool:
        jobs = [pool.submit(make_lecture, lec, a.outdir, a.quick, a.preset) for lec in todo]
        for job in jobs:
            try:
                name, took = job.result()
            except (RuntimeError, subprocess.CalledProcessError, ValueError) as e:
                pool.shutdown(cancel_futures=True)
                sys.exit(f"error: {e}")
            print(f"{name}: {took:.0f} s", flush=True)
    lectures = write_index(a.outdir)
    print(f"{len(todo)} lecture(s) made in {time.monotonic() - t0:.0f} s; "
          f"{os.path.join(a.outdir, 'index.json')} lists {len(lectures)}")


if __name__ == "__main__":
    main()
