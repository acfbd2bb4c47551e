# Consultations : cycles de commentaires sur les projets, commentaires en fil, formulaire et exports.

comments-heading = Commentaires
comments-count = { $count ->
    [0] Aucun commentaire pour l’instant
    [one] { $n } commentaire
   *[other] { $n } commentaires
}
comments-export-csv = Télécharger tous les commentaires (CSV)
comments-print = Version imprimable de tous les cycles
comments-round = Cycle { $number }
comments-open = Ouvert aux commentaires
comments-closed = Clos
comments-superseded = Remplacé par une version plus récente
comments-period = Diffusé le { $from }, commentaires jusqu’au { $until }
comments-see-version = Voir cette version
comments-version = Version commentée :
comments-none = Aucun commentaire visible pour vous dans ce cycle.
comments-verified = Signature vérifiée
comments-not-verified = La signature n’est pas valide
comments-late = Tardif
comments-section = Sur :
comments-in-reply-to = En réponse au n° { $number }
comments-reply = Répondre
comments-form-heading = Ajouter un commentaire
comments-submit = Envoyer le commentaire
comments-submit-reply = Envoyer la réponse
comments-sign-in = Connectez-vous pour commenter ce projet.
comments-field-text = Votre commentaire
comments-field-section = Section ou paragraphe
comments-field-section-help = Par exemple : section 3.2, paragraphe 14.
comments-field-language = Langue du commentaire
comments-language-unsaid = Non précisée
comments-new-title = Commenter un projet
comments-reply-title = Répondre à un commentaire
comments-replying-to = Vous répondez à :
comments-closed-notice = Ce projet n’est pas ouvert aux commentaires actuellement.
comments-print-title = Commentaires sur { $title }
comments-back = Retour au document
comments-col-number = N°
comments-col-organisation = Organisation
comments-col-signed = Signé
comments-col-section = Section
comments-col-comment = Commentaire
comments-audience-public = Diffusé au public
comments-audience-partners = Diffusé à tous les partenaires
comments-audience-nodes = Diffusé à { $orgs }
comments-audience-group = Diffusé aux membres de { $group }
comments-error-language = Choisissez une langue dans la liste.
comments-refused-comment_period_closed = La période de commentaires de ce projet est close ; les commentaires ne sont plus acceptés.
comments-refused-not_open_for_comment = Cette version du document n’est pas soumise à commentaires.
comments-refused-reply_target_invalid = Une réponse doit porter sur un commentaire de la même version du projet.
comments-refused-target_superseded = Une version plus récente de ce projet existe ; commentez la version en vigueur.
comments-refused-target_retracted = Ce à quoi vous répondez a été retiré par son éditeur.
comments-refused-not_admitted = Votre organisation ne figure pas parmi les destinataires de ce projet.
comments-refused-wrong_target = Seul un document, ou un commentaire sur un document, peut recevoir une réponse ici.
comments-refused-reference_not_found = Ce nœud ne détient pas ce à quoi vous répondez.
comments-threads-shown = Fils { $from } à { $to } sur { $threads }, chacun avec ses réponses
comments-other-pages = Les commentaires de ce cycle figurent sur d’autres pages.
comments-pages = Pages de commentaires
