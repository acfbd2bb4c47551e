# الاستبيانات: القائمة، وصفحة الاستبيان، ونموذج الإجابة والنتائج، وأداة إنشاء الاستبيانات.
nav-surveys = الاستبيانات
surveys-title = الاستبيانات
surveys-intro = أسئلة تطرحها المنظمات بعضها على بعض. تجيب كل منظمة مرة واحدة ويمكنها تعديل إجابتها حتى إغلاق الاستبيان.
surveys-new = إنشاء استبيان
surveys-open = مفتوحة الآن
surveys-none-open = لا يوجد استبيان مفتوح.
surveys-upcoming = تُفتح لاحقًا
surveys-none-upcoming = لا يوجد استبيان مقرر فتحه.
surveys-closed = مغلقة
surveys-none-closed = لم يُغلق أي استبيان بعد.
surveys-closes = يُغلق في { $when }
surveys-opens = يُفتح في { $when }
surveys-closed-on = أُغلق في { $when }
surveys-no-deadline = بلا تاريخ إغلاق
survey-state-open = مفتوح
survey-state-upcoming = لم يُفتح بعد
survey-state-closed = مغلق
survey-answer-saved = وُقّعت إجابة منظمتك وأُرسلت.
survey-publisher = نشرته
survey-opens = يُفتح
survey-closes = يُغلق
survey-results-policy = من يرى النتائج
survey-policy-originator = المنظمة التي نشرت الاستبيان فقط
survey-policy-respondents = وكذلك كل منظمة أجابت، بعد إغلاق الاستبيان
survey-your-answer = إجابة منظمتك
survey-answered-at = أُرسلت آخر مرة في { $when }
survey-about = عن هذا الاستبيان
survey-answer = الإجابة
survey-revise = تعديل إجابة منظمتك
survey-answer-for = أنت تجيب باسم { $org }. تحل الإجابة الجديدة محل السابقة.
survey-scale-low = الأدنى:
survey-scale-high = الأعلى:
survey-submit = إرسال الإجابة
survey-submit-revision = إرسال الإجابة المعدلة
survey-questions = الأسئلة
survey-sign-in-to-answer = سجّل الدخول للإجابة باسم منظمتك.
survey-type-single_choice = خيار واحد
survey-type-multiple_choice = عدة خيارات
survey-type-scale = مقياس
survey-type-yes_no = نعم أو لا
survey-type-integer = عدد صحيح
survey-type-text = نص حر
survey-yes = نعم
survey-no = لا
survey-results = النتائج
survey-csv = تنزيل الإجابات (CSV)
survey-table-caption = الإجابات على: { $question }
survey-col-answer = الإجابة
survey-col-count = المنظمات
survey-col-percent = النسبة
survey-respondents = { $count ->
    [zero] لم تُحتسب إجابة أي منظمة
    [one] احتُسبت إجابة منظمة واحدة
    [two] احتُسبت إجابتا منظمتين
    [few] احتُسبت إجابات { $n } منظمات
   *[other] احتُسبت إجابات { $n } منظمة
}
survey-answered = { $count ->
    [zero] لم تُجب أي منظمة عن هذا السؤال
    [one] أجابت منظمة واحدة عن هذا السؤال
    [two] أجابت منظمتان عن هذا السؤال
    [few] أجابت { $n } منظمات عن هذا السؤال
   *[other] أجابت { $n } منظمة عن هذا السؤال
}
survey-mean = المتوسط
survey-min = الأصغر
survey-max = الأكبر
survey-median = الوسيط
survey-percent = { $value }٪
survey-bar-value = { $count } ({ $percent })
survey-scale-point = { $point } – { $label }
survey-late = إجابات متأخرة (غير محتسبة)
survey-late-help = وُقّعت هذه الإجابات بعد إغلاق الاستبيان.
survey-error-required = هذا السؤال يتطلب إجابة.
survey-error-empty = أجب عن سؤال واحد على الأقل.
survey-error-invalid = هذه الإجابة لا تناسب السؤال.
survey-error-option = اختر من بين الخيارات المعروضة.
survey-error-yes-no = اختر نعم أو لا.
survey-error-integer = أدخل عددًا صحيحًا، مثل 12 أو ‎-3.
survey-error-scale = اختر نقطة على المقياس.
survey-builder-title = استبيان
survey-builder-explanation = اطرح مجموعة من الأسئلة على المنظمات الأخرى؛ تجيب كل منها مرة واحدة، موقّعة من عقدتها.
survey-builder-when = فترة تلقي الإجابات
survey-builder-timezone-help = التواريخ والأوقات أدناه وفق ساعة هذه المنطقة الزمنية (اسم IANA مثل Europe/Paris).
survey-builder-open-date = تاريخ الفتح
survey-builder-open-time = وقت الفتح
survey-builder-close-date = تاريخ الإغلاق
survey-builder-close-time = وقت الإغلاق
survey-builder-questions-help = املأ ما تحتاجه من صفوف؛ تُهمل الصفوف الفارغة. تُرقّم الأسئلة بالترتيب.
survey-builder-row = السؤال { $n }
survey-builder-question-text = السؤال
survey-builder-question-type = نوع الإجابة
survey-builder-required = الإجابة مطلوبة
survey-builder-options = الخيارات
survey-builder-options-help = لأسئلة الاختيار: خيار في كل سطر، خياران على الأقل.
survey-builder-scale-min = المقياس: أدنى نقطة
survey-builder-scale-max = المقياس: أعلى نقطة
survey-builder-min-label = معنى أدنى نقطة
survey-builder-max-label = معنى أعلى نقطة
survey-builder-submit = توقيع الاستبيان ونشره
survey-builder-more = إضافة صفوف أسئلة
survey-builder-error-text = اكتب السؤال.
survey-builder-error-type = اختر نوع الإجابة.
survey-builder-error-options = أدخل خيارين على الأقل، خيارًا في كل سطر.
survey-builder-error-scale = يمتد المقياس من 0 أو 1 حتى نقطة بين 2 و10.
survey-builder-error-results = اختر من يرى النتائج.
survey-builder-error-no-questions = اكتب سؤالًا واحدًا على الأقل.
survey-builder-error-order = يجب أن يُغلق الاستبيان بعد فتحه.
