# نماذج النشر (portal::publish).

# الصفحة الرئيسية للنشر.
publish-title = النشر
publish-intro = كل ما يُنشر هنا يحمل توقيع { $name } ويُتاح للشركاء المقصودين به. اختر ما تريد نشره.
publish-document-title = نشر وثيقة
publish-document-explanation = تقرير أو ورقة عمل أو مذكرة أو أي نص آخر، مع ملفاته (PDF أو DOCX أو ODT أو HTML أو نص عادي) أو بنصه مكتوبًا مباشرةً.
publish-document-versions = لنشر نسخة جديدة (تنقيح أو تصويب أو إضافة) أو نسخة بلغة أخرى، افتح صفحة الوثيقة واختر ذلك تحت "النشر انطلاقًا من هذه الوثيقة".
publish-meeting-title = الإعلان عن اجتماع
publish-meeting-explanation = جلسة عامة أو اجتماع فريق عامل أو حلقة عمل أو ندوة عبر الإنترنت: الموعد والمكان، والجهات المدعوة، وجدول الأعمال مربوطًا بالنسخ المحددة من الوثائق.
publish-group-title = إنشاء فريق عامل
publish-group-explanation = فريق عامل مواضيعي: ولايته، والمنظمات المنسِّقة له، وأعضاؤه. وتُنشر التغييرات في عضويته في شكل نسخ جديدة.
publish-signed-note = لا يمكن تعديل السجل المنشور أو حذفه: فالتصحيح نسخة جديدة تشير إلى النسخة التي تحل محلها.

# تسميات مشتركة.
publish-required = (مطلوب)
publish-choose = اختر…
publish-no-group = دون فريق عامل
publish-field-title = العنوان
publish-field-status = الحالة
publish-field-group = الفريق العامل
publish-field-description = الوصف

# إمكانية الاطلاع.
publish-visibility = من يُسمح له بالاطلاع
publish-visibility-public = للعموم
publish-visibility-public-help = أي شخص، بمن في ذلك الزوار غير المسجّلين دخولهم ومحركات البحث.
publish-visibility-partners = الشركاء
publish-visibility-partners-help = موظفو جميع منظمات الاتحاد المسجّلون دخولهم.
publish-visibility-group = أعضاء فريق عامل فقط
publish-visibility-which-group = الفريق العامل الذي يُسمح لأعضائه بالاطلاع
publish-visibility-nodes = المنظمات المختارة أدناه فقط
publish-visibility-which-nodes = المنظمات المسموح لها بالاطلاع

# نموذج الوثيقة.
publish-document-new-version = نسخة جديدة من وثيقة
publish-document-new-version-of = نسخة جديدة من { $title }
publish-document-new-version-intro = ستحل هذه النسخة محل:
publish-document-edition = نسخة بلغة أخرى
publish-document-edition-of = نسخة من { $title } بلغة أخرى
publish-document-edition-intro = تمثل هذه النسخة اللغوية العمل نفسه الذي تمثله:
publish-field-symbol = الرمز
publish-field-symbol-help = الرمز الرسمي للوثيقة، مثل OECD/GOV/RPC(2017)5/REV1.
publish-field-doc-type = نوع الوثيقة
publish-field-doc-type-help = مثل تقرير، أو ورقة عمل، أو مذكرة، أو توصية.
publish-field-language = اللغة
publish-language-other = لغة أخرى (اكتب رمزها)
publish-field-language-other = رمز لغة أخرى
publish-field-language-other-help = عند اختيار "لغة أخرى" فقط: رمز BCP 47 مثل de أو pt-BR أو zh-Hant.
publish-field-comment-until = تُقبل التعليقات حتى
publish-field-comment-until-help = لمشروع قيد التشاور فقط: آخر يوم يمكن فيه للشركاء إبداء تعليقاتهم.
publish-field-relation = علاقة هذه النسخة بالنسخة السابقة
publish-field-relation-help = التنقيح يحل محل النص بأكمله؛ والتصويب يصحح أجزاء منه؛ والإضافة تكمّله.
publish-field-summary = الموجز
publish-field-authors = المؤلفون
publish-field-authors-help = شخص واحد أو وحدة واحدة في كل سطر.
publish-field-tags = الكلمات المفتاحية
publish-field-tags-help = مفصولة بفواصل.
publish-field-text = النص
publish-field-text-help = نص الوثيقة، إن لم يكن لها ملف.
publish-keep-files = ملفات النسخة السابقة المراد الإبقاء عليها
publish-field-files = الملفات
publish-field-files-help = ملف واحد أو أكثر، لا يتجاوز حجم كل منها { $limit }. ولا تُحفظ إلا إذا نُشرت الوثيقة.
publish-files-again = لم يُنشر النموذج، ولذلك لم تُحفظ الملفات التي اخترتها: اخترها مرة أخرى.
publish-document-submit = توقيع الوثيقة ونشرها

# نموذج الاجتماع.
publish-meeting-update = تحديث اجتماع
publish-meeting-update-of = تحديث { $title }
publish-meeting-update-intro = سيحل هذا التحديث محل:
publish-field-series = السلسلة
publish-field-series-help = لأغراض الأرشيف، مثل الاجتماع السنوي للشراكة.
publish-field-meeting-type = نوع الاجتماع
publish-meeting-type-plenary = جلسة عامة
publish-meeting-type-working_group = اجتماع فريق عامل
publish-meeting-type-workshop = حلقة عمل
publish-meeting-type-webinar = ندوة عبر الإنترنت
publish-meeting-type-other = غير ذلك
publish-meeting-status-planned = مقرر
publish-meeting-status-confirmed = مؤكد
publish-meeting-status-held = عُقد
publish-meeting-status-cancelled = ملغى
publish-meeting-when = الموعد
publish-field-timezone = المنطقة الزمنية للاجتماع
publish-field-timezone-help = التواريخ والأوقات أدناه بتوقيت هذه المنطقة. اسم IANA مثل Europe/Paris أو America/New_York.
publish-field-start-date = تاريخ البدء
publish-field-start-time = وقت البدء
publish-field-end-date = تاريخ الانتهاء
publish-field-end-time = وقت الانتهاء
publish-meeting-where = المكان
publish-field-venue = مكان الانعقاد
publish-field-address = العنوان
publish-field-online-url = رابط المشاركة عبر الإنترنت
publish-field-online-url-help = عنوان ويب يبدأ بـ https://.
publish-field-host = المنظمة المضيفة
publish-field-minutes = المحضر
publish-field-minutes-help = معرّف سجل الوثيقة التي تتضمن المحضر، أو رابط إلى صفحتها.
publish-field-invited = المنظمات المدعوة
publish-agenda = جدول الأعمال
publish-agenda-help = بند واحد في كل صف؛ وتُتجاهل الصفوف المتروكة فارغة. أدرج وثائق كل بند بمعرّف سجلها أو برابط إلى صفحتها، وثيقة واحدة في كل سطر.
publish-agenda-row = البند { $n }
publish-agenda-number = الرقم
publish-agenda-item-title = عنوان البند
publish-agenda-documents = الوثائق
publish-agenda-description = ملاحظات
publish-agenda-more = صفوف إضافية في جدول الأعمال
publish-meeting-submit = توقيع الاجتماع ونشره

# نموذج الفريق العامل.
publish-group-update = نسخة جديدة من فريق عامل
publish-group-update-of = نسخة جديدة من { $name }
publish-group-update-intro = ستحل هذه النسخة محل:
publish-field-group-name = الاسم
publish-field-slug = الاسم المختصر المستخدم في العناوين
publish-field-slug-help = حروف لاتينية صغيرة وأرقام تربط بينها شَرطات، مثل regulatory-impact-assessment.
publish-field-theme = الموضوع
publish-field-mandate = الولاية وبرنامج العمل
publish-field-progress = التقدّم (بالنسبة المئوية)
publish-field-progress-help = عدد صحيح من 0 إلى 100.
publish-field-convenors = المنظمات المنسِّقة
publish-field-members = المنظمات الأعضاء
publish-field-members-help = لا يرى ما يُنشر للفريق إلا أعضاؤه. وهذه المنظمة عضو فيه دائمًا.
publish-group-submit = توقيع الفريق العامل ونشره

# الأخطاء.
publish-error-summary = لم يُنشر شيء. صحّح ما يلي ثم أرسل النموذج مرة أخرى:
publish-error-visibility = اختر من يُسمح له بالاطلاع.
publish-error-visibility-group = اختر الفريق العامل الذي يُسمح لأعضائه بالاطلاع.
publish-error-visibility-nodes = اختر منظمة واحدة على الأقل يُسمح لها بالاطلاع.
publish-error-unknown-working_group = المعرّف "{ $id }" لا يشير إلى فريق عامل يُسمح لك برؤيته.
publish-error-unknown-document = المعرّف "{ $id }" لا يشير إلى وثيقة تحفظها هذه العقدة ويُسمح لك برؤيتها.
publish-error-file-too-large = أحد الملفات أكبر مما تقبله هذه العقدة ({ $limit } كحد أقصى). لم يُحفظ شيء: اختر ملفات أصغر حجمًا.
publish-error-date = أدخل التاريخ بالصيغة YYYY-MM-DD.
publish-error-time = أدخل الوقت بالصيغة HH:MM (بنظام 24 ساعة).
publish-error-date-time = أدخل التاريخ والوقت كليهما.
publish-error-end-before-start = يجب أن يكون موعد الانتهاء بعد موعد البدء.
publish-error-timezone = القيمة "{ $zone }" ليست منطقة زمنية. استخدم اسم IANA مثل Europe/Paris.
publish-error-edition = الوثيقة التي تنتمي إليها هذه النسخة اللغوية غير صالحة.
publish-error-agenda-title = ضع عنوانًا لهذا البند.
publish-error-agenda-documents = وثائق لا تحفظها هذه العقدة أو لا يُسمح لك برؤيتها: { $ids }.
publish-error-organisation = إحدى المنظمات المختارة غير معروفة لهذه العقدة.
publish-error-slug = استخدم حروفًا لاتينية صغيرة وأرقامًا تربط بينها شَرطة واحدة (64 حرفًا كحد أقصى).
publish-error-progress = أدخل عددًا صحيحًا من 0 إلى 100.
publish-error-too-large = ما أرسلته أكبر مما تقبله هذه العقدة. لم يُنشر شيء: اختصر النص الأطول.
