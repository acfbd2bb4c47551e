# المشاورات: جولات التعليق على المسودات، والتعليقات المتسلسلة، ونموذج التعليق، والتصدير.

comments-heading = التعليقات
comments-count = { $count ->
    [zero] لا تعليقات بعد
    [one] تعليق واحد
    [two] تعليقان
    [few] { $n } تعليقات
   *[other] { $n } تعليق
}
comments-export-csv = تنزيل جميع التعليقات (CSV)
comments-print = نسخة قابلة للطباعة لجميع الجولات
comments-round = الجولة { $number }
comments-open = مفتوحة للتعليق
comments-closed = مغلقة
comments-superseded = حلّت محلّها نسخة أحدث
comments-period = عُمّمت في { $from }، والتعليقات حتى { $until }
comments-see-version = عرض هذه النسخة
comments-version = النسخة موضوع التعليق:
comments-none = لا يوجد في هذه الجولة تعليق يمكنك الاطلاع عليه.
comments-verified = تم التحقق من التوقيع
comments-not-verified = التوقيع غير صحيح
comments-late = متأخر
comments-section = بشأن:
comments-in-reply-to = ردًا على الرقم { $number }
comments-reply = الرد
comments-form-heading = إضافة تعليق
comments-submit = إرسال التعليق
comments-submit-reply = إرسال الرد
comments-sign-in = سجّل الدخول للتعليق على هذه المسودة.
comments-field-text = تعليقك
comments-field-section = القسم أو الفقرة
comments-field-section-help = مثلًا: القسم 3.2، الفقرة 14.
comments-field-language = لغة التعليق
comments-language-unsaid = غير محددة
comments-new-title = التعليق على مسودة
comments-reply-title = الرد على تعليق
comments-replying-to = أنت ترد على:
comments-closed-notice = هذه المسودة غير مفتوحة للتعليق حاليًا.
comments-print-title = التعليقات على { $title }
comments-back = العودة إلى الوثيقة
comments-col-number = الرقم
comments-col-organisation = المنظمة
comments-col-signed = تاريخ التوقيع
comments-col-section = القسم
comments-col-comment = التعليق
comments-audience-public = عُمّمت على الجمهور
comments-audience-partners = عُمّمت على جميع الشركاء
comments-audience-nodes = عُمّمت على { $orgs }
comments-audience-group = عُمّمت على أعضاء { $group }
comments-error-language = اختر لغة من القائمة.
comments-refused-comment_period_closed = انتهت فترة التعليق على هذه المسودة، ولم تعد التعليقات تُقبل.
comments-refused-not_open_for_comment = نسخة الوثيقة هذه غير معمّمة للتعليق.
comments-refused-reply_target_invalid = يجب أن يجيب الرد على تعليق بشأن النسخة نفسها من المسودة.
comments-refused-target_superseded = توجد نسخة أحدث من هذه المسودة؛ علّق على النسخة الحالية.
comments-refused-target_retracted = سحب الناشر ما ترد عليه.
comments-refused-not_admitted = منظمتك ليست من الجهات التي عُمّمت عليها هذه المسودة.
comments-refused-wrong_target = لا يمكن الرد هنا إلا على وثيقة أو على تعليق بشأن وثيقة.
comments-refused-reference_not_found = هذه العقدة لا تحتفظ بما ترد عليه.
comments-threads-shown = سلاسل النقاش من { $from } إلى { $to } من أصل { $threads }، مع ردودها
comments-other-pages = تعليقات هذه الجولة في صفحات أخرى.
comments-pages = صفحات التعليقات
