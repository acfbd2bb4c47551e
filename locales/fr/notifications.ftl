# Les nouveautés pour moi : la section « Pour vous » du tableau de bord, le flux personnel, ses formulaires.
notifications-for-you = Pour vous
notifications-items-count = { $count ->
    [0] rien de nouveau
    [one] { $n } élément
   *[other] { $n } éléments
}
notifications-section-consultations = Consultations qui se terminent bientôt
notifications-section-surveys = Enquêtes attendant votre réponse
notifications-section-meetings = Invitations à des réunions en attente de réponse
notifications-section-comments = Commentaires sur vos documents
notifications-none-consultations = Aucune consultation ouverte à votre organisation ne se termine dans les 14 prochains jours.
notifications-none-surveys = Aucune enquête ouverte n’attend la réponse de votre organisation.
notifications-none-meetings = Aucune réunion à venir n’attend la réponse de votre organisation.
notifications-none-comments = Aucune autre organisation n’a commenté vos documents au cours des 30 derniers jours.
notifications-when-consultations = se termine le { $date }
notifications-when-surveys = se termine le { $date }
notifications-when-meetings = commence le { $date }
notifications-when-comments = commenté le { $date }
notifications-feed-manage = Suivre ces nouveautés dans un lecteur de flux
notifications-feed-title = Les nouveautés pour moi sur { $name }
notifications-entry-consultation = Consultation bientôt close : { $title }
notifications-entry-survey = Enquête attendant votre réponse : { $title }
notifications-entry-meeting = Invitation à une réunion : { $title }
notifications-entry-comment = Nouveau commentaire sur { $title }
notifications-summary-consultation = De { $origin } ; les commentaires sont reçus jusqu’au { $date }.
notifications-summary-survey = De { $origin } ; les réponses sont reçues jusqu’au { $date }.
notifications-summary-meeting = De { $origin } ; la réunion commence le { $date }.
notifications-summary-comment = De { $origin }, le { $date }.
notifications-summary-from = De { $origin }.
notifications-feed-heading = Votre flux personnel
notifications-feed-help = Une adresse de flux privée présente dans tout lecteur de flux ce qui est nouveau pour vous (consultations bientôt closes, enquêtes et invitations auxquelles répondre, commentaires sur vos documents). Toute personne qui connaît l’adresse peut lire le flux : gardez-la pour vous et révoquez-la si elle a fuité.
notifications-feed-none = Vous n’avez pas d’adresse de flux.
notifications-feed-exists = Votre adresse de flux a été créée le { $date }.
notifications-feed-create = Créer mon adresse de flux
notifications-feed-replace = La remplacer par une nouvelle adresse
notifications-feed-revoke = Révoquer mon adresse de flux
notifications-feed-revoked = Votre adresse de flux est révoquée ; les lecteurs de flux qui l’utilisent ne reçoivent plus rien.
notifications-feed-created-title = Votre adresse de flux
notifications-feed-url-heading = Ajoutez cette adresse à votre lecteur de flux
notifications-feed-once = Copiez-la maintenant : elle n’est affichée qu’une seule fois.
notifications-feed-use = Toute adresse précédente ne fonctionne plus.
notifications-feed-url = Adresse du flux
notifications-back-to-account = Retour à votre compte
