# التحقق من ملف (/verify).
verify-title = التحقق من ملف
verify-intro = قارِن ملفًا لديك بالسجلات التي وقّعتها منظمات الاتحاد. لا يُقرأ الملف إلا لحساب بصمته SHA-256؛ ولا يُحتفظ به في { $name }.
verify-result = النتيجة
verify-file-name = الملف
verify-file-size = الحجم
verify-file-sha256 = SHA-256
verify-none = لا يوجد سجل تحفظه هذه العقدة يَذكر هذا الملف.
verify-none-explanation = ربما نُشر على عقدة لا تتبادل معها هذه العقدة، أو ربما عُدِّل: فتغيير بايت واحد فقط يعطي بصمة SHA-256 مختلفة تمامًا. اطلب النسخة الأصلية من الناشر.
verify-listed-by = { $count ->
    [zero] لا يذكره أي سجل يُسمح لك برؤيته.
    [one] يذكره سجل واحد يُسمح لك برؤيته:
    [two] يذكره سجلان يُسمح لك برؤيتهما:
    [few] يذكره { $n } سجلات يُسمح لك برؤيتها:
    [many] يذكره { $n } سجلًا يُسمح لك برؤيتها:
   *[other] يذكره { $n } سجل يُسمح لك برؤيتها:
}
verify-signature-ok = التوقيع صحيح: السجل مطابق تمامًا لما وقّعه ناشره، وكذلك هذا الملف.
verify-signature-bad = التوقيع غير صحيح: لا تعتمد على هذا السجل.
verify-current = هذه هي النسخة السارية.
verify-superseded = هذه ليست النسخة السارية: فقد حلّت محلها نسخة أحدث.
verify-see-current = عرض النسخة السارية
verify-retracted = سحب الناشر هذا السجل.
verify-published-by = الناشر
verify-check = التحقق من ملف
verify-another = التحقق من ملف آخر
verify-file-label = الملف المراد التحقق منه
verify-file-help = اختر ملفًا أو أفلته هنا. الحد الأقصى { $limit }؛ تُحسب بصمة الملف ولا يُحفظ أبدًا.
verify-file-button = التحقق من هذا الملف
verify-hash-heading = أو أدخل بصمته SHA-256
verify-hash-label = بصمة SHA-256 للملف
verify-hash-help = 64 حرفًا ست عشريًا، كما يعرضها sha256sum أو Get-FileHash (يُتجاهل اسم الملف الذي يليها).
verify-hash-button = البحث عن بصمة SHA-256 هذه
verify-error-hash = هذه ليست بصمة SHA-256: أدخل الأحرف الست عشرية الـ 64 (0–9، a–f) التي يعرضها sha256sum.
verify-error-no-file = اختر ملفًا للتحقق منه.
verify-error-too-large = حجم هذا الملف يتجاوز { $limit }، وهو أقصى حجم تتحقق منه هذه العقدة. احسب بصمته SHA-256 بنفسك (sha256sum) وأدخلها أدناه بدلًا من ذلك.

# صفحة الحساب (/account).
account-title = حسابك
account-who = هويتك في هذه العقدة
account-username = اسم المستخدم
account-role = الدور
account-role-member = عضو
account-role-editor = محرّر
account-role-admin = مدير
account-role-explained-member = يطّلع، ويعلّق، ويردّ على الدعوات والاستبيانات
account-role-explained-editor = ينشر أيضًا الوثائق والاجتماعات وأفرقة العمل
account-role-explained-admin = يدير أيضًا الحسابات والعقد الشريكة
account-errors-summary = تعذّر إجراء بعض التغييرات:
account-password-heading = تغيير كلمة المرور
account-password-help = يظل دخولك مسجّلًا في هذا المتصفح؛ وتنتهي جميع الجلسات الأخرى لحسابك.
account-current-password = كلمة المرور الحالية
account-new-password = كلمة المرور الجديدة
account-confirm-password = تأكيد كلمة المرور الجديدة
account-password-button = تغيير كلمة المرور
account-done-password = تم تغيير كلمة المرور. وانتهت جلساتك الأخرى.
account-preferences-heading = اللغة والمنطقة الزمنية
account-language = لغة الواجهة
account-language-browser = حسب ما يطلبه متصفحي
account-timezone = المنطقة الزمنية
account-timezone-help = اسم منطقة زمنية مثل Europe/Paris أو America/New_York. اتركه فارغًا لاستخدام UTC.
account-preferences-button = حفظ التفضيلات
account-done-preferences = تم حفظ تفضيلاتك.
account-tokens-heading = رموز API الخاصة بك
account-tokens-help = يتيح الرمز لبرنامج ما أن يتصرف باسمك عبر واجهة API الخاصة بالعقدة، بالدور المسند إليك. ألغِ أي رمز لم تعد تستخدمه.
account-tokens-none = ليس لديك أي رمز API.
account-token-name = اسم الرمز
account-token-name-help = من 1 إلى 64 حرفًا من الحروف اللاتينية الصغيرة أو الأرقام أو النقاط أو الشَّرطات أو الشَّرطات السفلية، يبدأ بحرف أو رقم؛ ولا يتكرر في هذه العقدة.
account-token-created-at = تاريخ الإنشاء
account-token-actions = الإجراءات
account-token-revoke = إلغاء
account-token-new = إنشاء رمز
account-token-create = إنشاء الرمز
account-token-created = أُنشئ الرمز { $name }
account-token-once = انسخ هذه القيمة السرية الآن: فهي لا تُعرض إلا هذه المرة ولا يمكن استرجاعها لاحقًا.
account-token-use = أرسله بالصيغة "Authorization: Bearer …"؛ فكل من يحوزه يتصرف باسمك.
account-token-secret = القيمة السرية للرمز الجديد
account-done-revoked = أُلغي الرمز؛ وستُرفض من الآن فصاعدًا البرامج التي تستخدمه.
account-error-required = املأ هذا الحقل.
account-error-mismatch = كلمتا المرور الجديدتان غير متطابقتين.
account-error-current-password = هذه ليست كلمة المرور الحالية.
account-error-password-length = { $count ->
    [one] يجب ألا يقل طول كلمة المرور عن حرف واحد.
    [two] يجب ألا يقل طول كلمة المرور عن حرفين.
    [few] يجب ألا يقل طول كلمة المرور عن { $n } أحرف.
    [many] يجب ألا يقل طول كلمة المرور عن { $n } حرفًا.
   *[other] يجب ألا يقل طول كلمة المرور عن { $n } حرف.
}
account-error-username = استخدم من 1 إلى 64 حرفًا من الحروف اللاتينية الصغيرة (a–z) أو الأرقام أو النقاط أو الشَّرطات أو الشَّرطات السفلية، على أن يبدأ بحرف أو رقم.
account-error-token-name = استخدم من 1 إلى 64 حرفًا من الحروف اللاتينية الصغيرة (a–z) أو الأرقام أو النقاط أو الشَّرطات أو الشَّرطات السفلية، على أن يبدأ بحرف أو رقم.
account-error-language = اختر إحدى اللغات المدرجة.
account-error-timezone = هذه ليست منطقة زمنية معروفة. استخدم اسمًا مثل Europe/Paris.
account-error-conflict = يتعارض هذا مع الحالة الراهنة للعقدة
account-error-invalid = هذه القيمة غير مقبولة

# الإدارة (/admin).
admin-title = الإدارة
admin-nav-label = الإدارة
admin-overview = نظرة عامة
admin-users = المستخدمون
admin-peers = العقد الشريكة
admin-users-help = من يُسمح له بتسجيل الدخول إلى هذه العقدة، وما يمكن لكلٍّ منهم القيام به.
admin-peers-help = العقد التي تتبادل معها هذه العقدة السجلات الموقّعة: حالتها، وما رُفض منها.
admin-users-count = { $count ->
    [zero] لا مستخدمين
    [one] مستخدم واحد
    [two] مستخدمان
    [few] { $n } مستخدمين
    [many] { $n } مستخدمًا
   *[other] { $n } مستخدم
}
admin-admins-count = { $count ->
    [zero] لا مديرين
    [one] مدير واحد
    [two] مديران
    [few] { $n } مديرين
    [many] { $n } مديرًا
   *[other] { $n } مدير
}
admin-peers-count = { $count ->
    [zero] لا عقد شريكة
    [one] عقدة شريكة واحدة
    [two] عقدتان شريكتان
    [few] { $n } عقد شريكة
   *[other] { $n } عقدة شريكة
}
admin-peers-reachable = تم الوصول إلى { $reachable } من { $peers }
admin-equivocations-count = { $count ->
    [zero] لا أدلة على ازدواجية التوقيع
    [one] دليل واحد على ازدواجية التوقيع
    [two] دليلان على ازدواجية التوقيع
    [few] { $n } أدلة على ازدواجية التوقيع
    [many] { $n } دليلًا على ازدواجية التوقيع
   *[other] { $n } دليل على ازدواجية التوقيع
}
admin-user-created = تاريخ الإنشاء
admin-user-actions = الإجراءات
admin-user-you = أنت
admin-role-of = دور { $name }
admin-role-button = تغيير الدور
admin-remove-button = حذف
admin-user-refused = رُفض التغيير المتعلق بـ { $name }؛ انظر الصف الخاص به.
admin-add-user = إضافة مستخدم
admin-username-help = من 1 إلى 64 حرفًا من الحروف اللاتينية الصغيرة (a–z) أو الأرقام أو النقاط أو الشَّرطات أو الشَّرطات السفلية، يبدأ بحرف أو رقم.
admin-initial-password = كلمة المرور الأولية
admin-password-help = { $count ->
    [one] حرف واحد على الأقل. أبلغ المستخدم بها بصفة سرية؛ ويمكنه تغييرها في صفحة حسابه.
    [two] حرفان على الأقل. أبلغ المستخدم بها بصفة سرية؛ ويمكنه تغييرها في صفحة حسابه.
    [few] { $n } أحرف على الأقل. أبلغ المستخدم بها بصفة سرية؛ ويمكنه تغييرها في صفحة حسابه.
    [many] { $n } حرفًا على الأقل. أبلغ المستخدم بها بصفة سرية؛ ويمكنه تغييرها في صفحة حسابه.
   *[other] { $n } حرف على الأقل. أبلغ المستخدم بها بصفة سرية؛ ويمكنه تغييرها في صفحة حسابه.
}
admin-add-button = إضافة المستخدم
admin-error-role = اختر دورًا من القائمة.
admin-done-added = تمت إضافة المستخدم.
admin-done-role = تم تغيير الدور.
admin-done-removed = حُذف المستخدم، مع رموزه وجلساته.
admin-peers-none = لا تتبادل هذه العقدة السجلات مع أي عقدة شريكة بعد.
admin-peer-not-tried = لم يُتصل بها بعد
admin-peer-reachable = تم الوصول إليها في آخر محاولة
admin-peer-unreachable = تعذّر الوصول إليها في آخر محاولة
admin-peer-unpinned = غير مثبّتة (موثوق بها منذ أول رد منها)
admin-peer-last-sync = آخر تبادل مكتمل
admin-peer-never = لم يحدث قط
admin-peer-last-error = آخر خطأ
admin-peer-lag = السجلات المتبقي جلبها، حسب المنظمة
admin-peer-no-lag = لا شيء: تحفظ هذه العقدة كل ما تتيحه العقدة الشريكة
admin-peer-lag-unknown = غير معروف إلى أن يكتمل أول تبادل
admin-peer-lag-line = { $org }: { $count }
admin-peer-refused = ما رُفض من هذه العقدة الشريكة
admin-peer-refused-none = لا شيء
admin-peer-refused-line = { $reason }: { $count }
admin-peer-refused-pages = { $count ->
    [zero] لم تُرفض أي صفحة من سلسلة السجلات بكاملها
    [one] صفحة واحدة من سلسلة السجلات رُفضت بكاملها
    [two] صفحتان من سلسلة السجلات رُفضتا بكاملهما
    [few] { $n } صفحات من سلسلة السجلات رُفضت بكاملها
   *[other] { $n } صفحة من سلسلة السجلات رُفضت بكاملها
}
admin-peer-refused-files = { $count ->
    [zero] لا ملفات لم يطابق محتواها سجلاتها
    [one] ملف واحد لم يطابق محتواه سجله
    [two] ملفان لم يطابق محتواهما سجليهما
    [few] { $n } ملفات لم يطابق محتواها سجلاتها
    [many] { $n } ملفًا لم يطابق محتواها سجلاتها
   *[other] { $n } ملف لم يطابق محتواها سجلاتها
}
admin-peer-remove = إزالة هذه العقدة الشريكة
admin-peer-remove-in-file = هذه العقدة الشريكة مهيّأة دون معرّف عقدة؛ أزِلها من ملف تهيئة العقدة.
admin-pin-heading = تثبيت عقدة شريكة
admin-pin-help = تتيح هذه العملية تبادل السجلات مع عقدة أخرى. تحقّق من معرّف العقدة مع مشغّلها (بأن يقرأ كل منكما البصمة على الآخر): فالطلبات موقّعة لهذا المعرّف تحديدًا.
admin-pin-url = عنوان العقدة
admin-pin-url-help = عنوان URL العام الخاص بها، مثل https://portal.example.org.
admin-pin-node-id-help = 43 حرفًا، كما تعرضها العقدة الأخرى في صفحة هويتها.
admin-pin-button = تثبيت هذه العقدة
admin-error-node-id = هذا ليس معرّف عقدة: يتكون معرّف العقدة من 43 حرفًا من الحروف والأرقام و- و_.
admin-done-pinned = ثُبّتت العقدة؛ وتبدأ هذه العقدة التبادل معها الآن.
admin-done-unpinned = أُزيلت العقدة؛ وستُرفض طلباتها من الآن فصاعدًا.
admin-equivocations = أدلة ازدواجية التوقيع
admin-equivocations-none = لم تُرصد أي منظمة توقّع سجلين مختلفين للموضع نفسه في سلسلة سجلاتها.
admin-equivocations-explained = وقّعت منظمة سجلين مختلفين للموضع نفسه في سلسلة سجلاتها. احتفظ بهذا الدليل واتصل بمشغّل عقدتها.
admin-equivocation-line = { $org }، الموضع { $seq }
admin-equivocation-held = السجل المحفوظ
admin-equivocation-none-held = لا يوجد
admin-equivocation-refused = السجل المتعارض المرفوض
admin-equivocation-raw = السجل الموقّع المتعارض (JSON)
admin-refusal-bad_signature = التوقيع غير صحيح
admin-refusal-key_not_valid = المفتاح غير صالح لهذه المنظمة
admin-refusal-seq_gap = فجوة في سلسلة السجلات
admin-refusal-prev_mismatch = انقطاع في ترابط سلسلة السجلات
admin-refusal-equivocation = ازدواجية التوقيع
admin-refusal-body_hash_mismatch = المحتوى لا يطابق توقيعه
admin-refusal-schema_violation = المحتوى ليس بالشكل المتوقع
admin-refusal-record_too_large = السجل كبير جدًا
admin-refusal-not_origin = يتصرف في سجل منظمة أخرى
admin-refusal-reference_not_found = يشير إلى سجل غير محفوظ هنا
admin-refusal-invalid_reference = إحالة غير صالحة
admin-refusal-attachment_invalid = مرفق غير صالح
