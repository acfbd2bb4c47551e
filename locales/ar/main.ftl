# لغة الواجهة كما تصف نفسها.
language-name = العربية
language-direction = rtl
language-switch = اللغة

# الأعداد والأحجام والتواريخ.
number-group-separator = ,
number-decimal-separator = .
size-bytes = { $count ->
    [zero] { $n } بايت
    [one] بايت واحد
    [two] بايتان
    [few] { $n } بايتات
   *[other] { $n } بايت
}
size-kb = { $value } ك.ب
size-mb = { $value } م.ب
size-gb = { $value } غ.ب
date-long = { $day } { $month ->
    [1] يناير
    [2] فبراير
    [3] مارس
    [4] أبريل
    [5] مايو
    [6] يونيو
    [7] يوليو
    [8] أغسطس
    [9] سبتمبر
    [10] أكتوبر
    [11] نوفمبر
   *[12] ديسمبر
} { $year }
time-short = { $time }
date-time = { $date }، الساعة { $time } ({ $zone })

# إطار كل صفحة.
skip-to-content = الانتقال إلى المحتوى الرئيسي
nav-label = القائمة الرئيسية
nav-home = لوحة المتابعة
nav-search = البحث
nav-meetings = الاجتماعات
nav-groups = أفرقة العمل
nav-organisations = المنظمات
nav-verify = التحقق من ملف
nav-publish = النشر
nav-admin = الإدارة
sign-in = تسجيل الدخول
sign-out = تسجيل الخروج
signed-in-as = الحساب: { $name }
footer-node = { $name } — عقدة في اتحاد Plenary
footer-identity = هوية هذه العقدة
footer-feed = موجز Atom
footer-calendar = التقويم (iCalendar)
footer-about = كل سجل معروض هنا موقّع من المنظمة التي نشرته؛ وتبيّن كل صفحة من وقّعه وما إذا كان التوقيع صحيحًا.

# صفحات الأخطاء.
problem-home = الذهاب إلى لوحة المتابعة
problem-not-found = الصفحة غير موجودة
problem-not-found-explanation = لا توجد صفحة بهذا العنوان، أو أنها تعرض ما لا يُسمح لك برؤيته.
problem-forbidden = غير مسموح
problem-forbidden-explanation = لا يسمح حسابك بهذا الإجراء.
problem-stale-form = انتهت صلاحية هذا النموذج
problem-stale-form-explanation = أُرسل النموذج دون رمزه الأمني، أو برمز قديم، أو من موقع آخر. ارجع وأعد تحميل الصفحة ثم حاول مرة أخرى.
problem-bad-request = تعذّر فهم الطلب
problem-bad-request-explanation = في العنوان أو النموذج ما ليس صحيحًا.
problem-too-large = الحجم أكبر من المسموح
problem-too-large-explanation = ما أرسلته أكبر مما تقبله هذه العقدة.
problem-too-many = محاولات كثيرة جدًا
problem-too-many-explanation = انتظر قليلًا قبل المحاولة مرة أخرى.
problem-unavailable = غير متاح مؤقتًا
problem-unavailable-explanation = العقدة مشغولة أو قيد الإيقاف. حاول مرة أخرى بعد لحظات.
problem-internal = حدث خطأ
problem-internal-explanation = تعذّر على العقدة عرض هذه الصفحة. يجد المشغّل السبب في سجلّ العقدة.

# أنواع السجلات وحالاتها وعلاقاتها ولغاتها.
kind-node = منظمة
kind-document = وثيقة
kind-meeting = اجتماع
kind-working_group = فريق عامل
kind-comment = تعليق
kind-rsvp = رد على دعوة
kind-survey = استبيان
kind-survey_response = رد على استبيان
kind-endorsement = تأييد
kind-retraction = سحب
kind-key = تغيير مفتاح
status-draft = مشروع
status-consultation = قيد التشاور
status-final = نهائي
status-withdrawn = مسحوب
relation-revision = تنقيح
relation-corrigendum = تصويب
relation-addendum = إضافة
lang-en = الإنكليزية
lang-fr = الفرنسية
lang-es = الإسبانية
lang-ru = الروسية
lang-ar = العربية
lang-zh = الصينية
lang-und = لغة غير معروفة
statement-endorses = تؤيد
statement-co-authored = شاركت في إعداد
statement-reviewed = راجعت
statement-acknowledges = تحيط علمًا بـ
statement-objects = تعترض على
version-current = النسخة السارية
version-superseded = نسخة مستبدلة
version-retracted = مسحوبة

# لوحة المتابعة.
dashboard-title = لوحة المتابعة
dashboard-heading = { $name }
dashboard-upcoming = الاجتماعات المقبلة
dashboard-no-meetings = لا توجد اجتماعات مقررة.
dashboard-all-meetings = جميع الاجتماعات والأرشيف
dashboard-consultations = المشاورات المفتوحة
dashboard-no-consultations = لا يوجد مشروع مفتوح للتعليق.
dashboard-comments-until = التعليقات حتى { $date }
dashboard-recent = أحدث المنشورات في الاتحاد
dashboard-no-documents = لم يُنشر شيء بعد.
dashboard-all-documents = جميع الوثائق، الأحدث أولًا
dashboard-groups = أفرقة العمل
dashboard-no-groups = لا يوجد فريق عامل بعد.
dashboard-health = الاتحاد
health-organisations = المنظمات
health-peers = العقد الشريكة التي تم الوصول إليها
health-peers-reachable = { $reachable } من { $peers }
health-last-sync = آخر تبادل
health-never = لم يحدث بعد
health-records = السجلات الموقّعة المحفوظة
group-progress-of = تقدّم { $name }
group-members-count = { $count ->
    [zero] لا منظمات أعضاء
    [one] منظمة عضو واحدة
    [two] منظمتان عضوان
    [few] { $n } منظمات أعضاء
   *[other] { $n } منظمة عضوًا
}
group-status-active = نشط
group-status-paused = متوقف مؤقتًا
group-status-closed = منتهٍ

# البحث.
search-title = البحث
search-title-for = البحث: { $query }
search-label = ابحث في الوثائق والاجتماعات والأفرقة في الاتحاد كله
search-button = بحث
search-help = كلمات، أو "عبارات مطابقة"، أو AND / OR / NOT، أو رمز وثيقة مثل OECD/GOV/RPC(2017)5.
search-more-filters = التواريخ والترتيب والنسخ
search-from = موقّع في أو بعد
search-to = موقّع قبل
search-sort = الترتيب
search-sort-relevance = الأكثر صلة أولًا
search-sort-newest = الأحدث أولًا
search-current-only = النسخ السارية فقط
search-error-date = أدخل التاريخ بالصيغة YYYY-MM-DD.
search-active-filters = عوامل التصفية المفعّلة
search-remove-filter = إزالة عامل التصفية: { $filter }
search-chip-from = من { $date }
search-chip-to = قبل { $date }
search-facets = تضييق النتائج
facet-kind = النوع
facet-origin = المنظمة
facet-lang = اللغة
facet-status = الحالة
facet-group = الفريق العامل
facet-year = السنة
search-results = { $count ->
    [zero] لا نتائج
    [one] نتيجة واحدة
    [two] نتيجتان
    [few] { $n } نتائج
   *[other] { $n } نتيجة
}
search-nothing = لا شيء يطابق. جرّب كلمات أقل أو أزل عامل تصفية.
search-start = كل ما يُسمح لك برؤيته، الأحدث أولًا إن اخترت هذا الترتيب.
search-feed = متابعة هذا البحث (موجز Atom)
pagination = الصفحات
pagination-previous = الصفحة السابقة
pagination-next = الصفحة التالية
pagination-page-of = الصفحة { $page } من { $pages }

# تسجيل الدخول.
login-title = تسجيل الدخول
login-intro = سجّل الدخول إلى { $name } بالحساب الذي منحك إياه مديروه.
login-username = اسم المستخدم
login-password = كلمة المرور
login-error-credentials = اسم المستخدم أو كلمة المرور غير صحيح.
login-error-throttled = محاولات فاشلة كثيرة جدًا. حاول مرة أخرى بعد { $n } ثانية.
login-first-time = أول زيارة؟ اسم أول حساب مدير للعقدة هو admin، وقد عُرضت كلمة مروره مرة واحدة عند أول تشغيل للعقدة.

# السجلات ومصدرها.
record-heading = سجل موقّع: { $kind }
record-about = بشأن
prov-heading = المصدر
prov-verified = التوقيع صحيح: هذا السجل مطابق تمامًا لما وقّعه ناشره.
prov-not-verified = التوقيع غير صحيح: لا تعتمد على هذا السجل.
prov-retracted = سحب الناشر هذا السجل؛ ولم يعد محتواه وملفاته متاحة.
prov-see-retraction = عرض السحب
prov-not-current = توجد نسخة أحدث.
prov-see-current = عرض النسخة السارية
prov-current = هذه هي النسخة السارية.
prov-signed-by = وقّعته
prov-node-id = معرّف العقدة
prov-fingerprint = البصمة
prov-key = مفتاح التوقيع
prov-signed-at = تاريخ التوقيع
prov-log-position = الموضع في سجل الناشر
prov-record-id = معرّف السجل
prov-raw = السجل الموقّع (JSON)

# صفحة الوثيقة.
document-withheld-title = وثيقة
document-withheld = لا يُسمح لك برؤية محتوى هذه الوثيقة، أو أن ناشرها سحبها. ترويستها الموقّعة أدناه.
document-symbol = الرمز
document-comments-until = مفتوحة للتعليق حتى { $date }.
document-publisher = الناشر
document-published = تاريخ التوقيع
document-authors = المؤلفون
document-group = الفريق العامل
document-tags = الكلمات المفتاحية
document-summary = الموجز
document-text = النص
document-files = الملفات
file-name = الاسم
file-type = النوع
file-size = الحجم
file-sha256 = SHA-256
document-versions = النسخ
document-version-hidden = نسخة لا يُسمح لك برؤيتها
document-editions = النسخ اللغوية
document-endorsements = التأييدات
endorsement-line = { $org } { $statement } هذه الوثيقة
document-actions = النشر انطلاقًا من هذه الوثيقة
document-new-version = نسخة جديدة (تنقيح، تصويب، إضافة)
document-new-edition = نسخة بلغة أخرى

# الموجزات.
feed-recent-title = الوثائق المنشورة مؤخرًا

# أخطاء مشتركة بين النماذج (قد تليها بين قوسين عبارة العقدة نفسها).
form-error-required = هذا الحقل مطلوب.
form-error-invalid = هذه القيمة غير مقبولة.
form-error-too-large = هذا أكبر مما تقبله العقدة.
form-error-reference = يشير هذا إلى سجل لا تحفظه العقدة، أو من نوع آخر.
form-error-conflict = يتعارض هذا مع ما هو موجود بالفعل.
form-error-refused = رفضت العقدة هذا الطلب.
