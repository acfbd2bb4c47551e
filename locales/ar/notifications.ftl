# الجديد بالنسبة لي: قسم «لك» في لوحة المعلومات، والموجز الشخصي، ونماذج إدارته في صفحة الحساب.
notifications-for-you = لك
notifications-items-count = { $count ->
    [0] لا جديد
    [zero] لا جديد
    [one] عنصر واحد
    [two] عنصران
    [few] { $n } عناصر
    [many] { $n } عنصرًا
   *[other] { $n } عنصر
}
notifications-section-consultations = مشاورات تُغلق قريبًا
notifications-section-surveys = استبيانات بانتظار ردّكم
notifications-section-meetings = دعوات إلى اجتماعات بانتظار الرد
notifications-section-comments = تعليقات على وثائقكم
notifications-none-consultations = لا توجد مشاورة مفتوحة لمنظمتكم تُغلق خلال الأيام الأربعة عشر القادمة.
notifications-none-surveys = لا يوجد استبيان مفتوح بانتظار ردّ منظمتكم.
notifications-none-meetings = لا يوجد اجتماع قادم بانتظار ردّ منظمتكم.
notifications-none-comments = لم تعلّق أي منظمة أخرى على وثائقكم خلال الأيام الثلاثين الماضية.
notifications-when-consultations = تُغلق في { $date }
notifications-when-surveys = يُغلق في { $date }
notifications-when-meetings = يبدأ في { $date }
notifications-when-comments = عُلّق عليها في { $date }
notifications-feed-manage = تابِع هذا في قارئ الموجزات
notifications-feed-title = الجديد بالنسبة لي على { $name }
notifications-entry-consultation = مشاورة تُغلق قريبًا: { $title }
notifications-entry-survey = استبيان بانتظار ردّكم: { $title }
notifications-entry-meeting = دعوة إلى اجتماع: { $title }
notifications-entry-comment = تعليق جديد على { $title }
notifications-summary-consultation = من { $origin }؛ تُقبل التعليقات حتى { $date }.
notifications-summary-survey = من { $origin }؛ تُقبل الإجابات حتى { $date }.
notifications-summary-meeting = من { $origin }؛ يبدأ الاجتماع في { $date }.
notifications-summary-comment = من { $origin }، في { $date }.
notifications-summary-from = من { $origin }.
notifications-feed-heading = موجزك الشخصي
notifications-feed-help = عنوان موجز خاص يعرض في أي قارئ للموجزات ما هو جديد بالنسبة لك (مشاورات تُغلق قريبًا، واستبيانات ودعوات للرد عليها، وتعليقات على وثائقك). يستطيع كل من يعرف العنوان قراءة الموجز: احتفظ به لنفسك، وألغِه إذا تسرّب.
notifications-feed-none = ليس لديك عنوان موجز.
notifications-feed-exists = أُنشئ عنوان موجزك في { $date }.
notifications-feed-create = إنشاء عنوان موجزي
notifications-feed-replace = استبداله بعنوان جديد
notifications-feed-revoke = إلغاء عنوان موجزي
notifications-feed-revoked = أُلغي عنوان موجزك؛ ولن تتلقى قارئات الموجزات التي تستخدمه شيئًا بعد الآن.
notifications-feed-created-title = عنوان موجزك
notifications-feed-url-heading = أضف هذا العنوان إلى قارئ الموجزات لديك
notifications-feed-once = انسخه الآن: لن يُعرض إلا هذه المرة.
notifications-feed-use = لم يعد أي عنوان سابق لك يعمل.
notifications-feed-url = عنوان الموجز
notifications-back-to-account = العودة إلى حسابك
