# الاجتماعات وأفرقة العمل والمنظمات والتقويم والموجزات (صفحات الاطلاع في البوابة).

# أرشيف الاجتماعات.
meetings-title = الاجتماعات
meetings-calendar = الاشتراك في تقويم الاجتماعات (iCalendar)
meetings-calendar-help = يمكن لتطبيقات التقويم متابعة هذا العنوان؛ ولإدراج الاجتماعات المقصورة على الشركاء، أضف إليه رمز API تنشئه من حسابك.
meetings-filters = تصفية الاجتماعات
meetings-years = السنوات
meetings-all-years = جميع السنوات
meetings-series = السلاسل
meetings-all-series = جميع السلاسل
meetings-filtered-year = المعروض: سنة { $year }.
meetings-filtered-series = السلسلة: { $series }.
meetings-clear-filters = عرض جميع الاجتماعات
meetings-upcoming = الاجتماعات المقبلة
meetings-no-upcoming = لا توجد اجتماعات مقبلة.
meetings-archive = الأرشيف
meetings-no-past = لا توجد اجتماعات سابقة.
meetings-no-series = اجتماعات أخرى
meetings-error-year = يجب أن تكون السنة رقمًا، مثل 2026.

# أنواع الاجتماعات وحالاتها.
meeting-type-plenary = جلسة عامة
meeting-type-working_group = اجتماع فريق عامل
meeting-type-workshop = حلقة عمل
meeting-type-webinar = ندوة عبر الإنترنت
meeting-type-other = اجتماع
meeting-status-planned = مقرر
meeting-status-confirmed = مؤكد
meeting-status-held = عُقد
meeting-status-cancelled = ملغى

# صفحة الاجتماع.
meeting-withheld-title = اجتماع
meeting-withheld = لا يُسمح لك برؤية تفاصيل هذا الاجتماع، أو أن الجهة المنظمة له سحبتها. ترويسته الموقّعة أدناه.
meeting-cancelled = أُلغي هذا الاجتماع.
meeting-cancelled-explanation = لن يُعقد على النحو المعلن.
meeting-local-time = التوقيت المحلي ({ $zone })
meeting-your-time = توقيتك
meeting-venue = المكان
meeting-address = العنوان
meeting-online = المشاركة عبر الإنترنت
meeting-organiser = الجهة المنظمة
meeting-host = الجهة المضيفة
meeting-group = الفريق العامل
meeting-about = عن هذا الاجتماع
meeting-agenda = جدول الأعمال
meeting-no-agenda = لم يُنشر جدول أعمال بعد.
meeting-item-documents = وثائق هذا البند
meeting-revised = نُقّحت منذ صدور جدول الأعمال
meeting-see-current = عرض النسخة السارية
meeting-document-unavailable = وثيقة لا يُسمح لك برؤيتها، أو لم تصل بعد:
meeting-minutes = المحضر
meeting-participants = المشاركون
meeting-participant-organisation = المنظمة
meeting-participant-response = الرد
meeting-participant-attendees = الحاضرون
meeting-no-attendees = لم تُذكر أسماؤهم
rsvp-accept = الحضور مؤكد
rsvp-decline = الاعتذار عن الحضور
rsvp-tentative = الحضور محتمل
meeting-calendar = التقويم
meeting-add-to-calendar = إضافة إلى تقويمي (.ics)
meeting-updates = { $count ->
    [zero] لم يُحدَّث منذ الإعلان عنه أول مرة.
    [one] حُدِّث مرة واحدة منذ الإعلان عنه أول مرة.
    [two] حُدِّث مرتين منذ الإعلان عنه أول مرة.
    [few] حُدِّث { $n } مرات منذ الإعلان عنه أول مرة.
   *[other] حُدِّث { $n } مرة منذ الإعلان عنه أول مرة.
}
meeting-invited = المنظمات المدعوة

# أفرقة العمل.
groups-title = أفرقة العمل
groups-intro = أفرقة العمل المواضيعية للشراكة، وولاياتها، ومدى تقدّم أعمالها.
groups-progress = نسبة الإنجاز: { $percent }%
group-withheld-title = فريق عامل
group-withheld = لا يُسمح لك برؤية تفاصيل هذا الفريق العامل، أو أن الجهة المنسِّقة له سحبتها. ترويسته الموقّعة أدناه.
group-feed = متابعة وثائق هذا الفريق (موجز Atom)
group-mandate = الولاية وبرنامج العمل
group-no-mandate = لم تُنشر أي ولاية.
group-documents = الوثائق
group-no-documents = لا توجد وثيقة لهذا الفريق يُسمح لك برؤيتها.
group-meetings = الاجتماعات
group-no-meetings = لا يوجد اجتماع لهذا الفريق يُسمح لك برؤيته.
group-convenors = المنظمات المنسِّقة
group-members = المنظمات الأعضاء

# المنظمات.
orgs-title = المنظمات
orgs-intro = جميع المنظمات التي تحفظ هذه العقدة سجلات موقّعة منها. تحقّق من بصمة أي شريك معه مباشرةً قبل أن تعتمد على سجلاته.
orgs-caption = منظمات الاتحاد
orgs-name = الاسم
orgs-acronym = الاسم المختصر
orgs-records = السجلات الموقّعة المحفوظة
orgs-unnamed = منظمة لم يُنشر وصفها بعد
orgs-this-node = هذه العقدة
org-website = الموقع الشبكي
org-languages = لغات العمل
org-published = الوثائق المنشورة
org-documents-count = { $count ->
    [zero] (لا توجد وثائق يُسمح لك برؤيتها)
    [one] (وثيقة واحدة يُسمح لك برؤيتها)
    [two] (وثيقتان يُسمح لك برؤيتهما)
    [few] ({ $n } وثائق يُسمح لك برؤيتها)
   *[other] ({ $n } وثيقة يُسمح لك برؤيتها)
}
org-no-documents = لا توجد وثيقة لهذه المنظمة يُسمح لك برؤيتها.
org-search-documents = البحث في وثائق هذه المنظمة
org-meetings = الاجتماعات التي تنظمها أو تستضيفها
org-no-meetings = لا يوجد اجتماع يُسمح لك برؤيته.
org-groups = أفرقة العمل التي تشارك فيها
org-no-groups = لا يوجد فريق عامل يُسمح لك برؤيته.

# التقويم والموجزات.
calendar-name = اجتماعات { $acronym }
feed-group-title = الفريق العامل: { $name }
feed-search-title = البحث: { $query }
feed-search-title-all = نتائج البحث، الأحدث أولًا
