"""German (de, "Sie") and French (fr, "vous") for every message of app/locale/messages.pot.

Each entry: (English msgid, German, French). A plural message is keyed by its singular and gives a tuple
of forms per language (German: one, other; French: one, many, other, as the catalogue's Plural-Forms).

Conventions that keep the composed sentences grammatical:
- Infinitive fragments (what `Yes, {next}`, `Tap Confirm to {purpose}.` and `nothing to {what}` take)
  are bare infinitives: German verb last ("2FA aktivieren"), read by the templates with a modal verb
  ("wenn Sie {purpose} möchten") so no "zu" has to go inside them; French "activer la 2FA".
- Flow names (`{current}`, `{flow}`) are nouns: "Aktivierung der 2FA", "l'activation de la 2FA".
- The "to ..." purposes of a code (subject, SMS) are German "zum ..." phrases, French "pour ...".
French punctuation: write " :", " ?", " !", " ;" with a plain space; fill_de_fr.py makes it a no-break
space (U+00A0), except in the SMS bodies listed there (kept GSM-7).
"""

# ruff: noqa: E501  (whole sentences on one line, as the catalogue holds them)
from __future__ import annotations

Translation = str | tuple[str, ...]  # a plural message: one form per plural of the language
ENTRIES: list[tuple[str, Translation, Translation]] = [
    # -- texts.py: what every flow says -------------------------------------------------------------
    (
        "Hello! I am twofa-assistant. I help you set up and manage two-factor authentication (2FA) for your account.\nFirst, let's link this chat to your account. What is your account email address?",
        "Hallo! Ich bin twofa-assistant. Ich helfe Ihnen, die Zwei-Faktor-Authentifizierung (2FA) für Ihr Konto einzurichten und zu verwalten.\nVerknüpfen wir zuerst diesen Chat mit Ihrem Konto. Wie lautet die E-Mail-Adresse Ihres Kontos?",
        "Bonjour ! Je suis twofa-assistant. Je vous aide à configurer et gérer la double authentification (2FA) de votre compte.\nCommençons par associer cette discussion à votre compte. Quelle est l'adresse e-mail de votre compte ?",
    ),
    (
        "I help you protect your login with a one-time code by SMS, by email or from an authenticator app, or by approving sign-ins here (two-factor authentication, 2FA).",
        "Ich helfe Ihnen, Ihre Anmeldung mit einem Einmalcode per SMS, per E-Mail oder aus einer Authenticator-App zu schützen – oder indem Sie Anmeldungen hier bestätigen (Zwei-Faktor-Authentifizierung, 2FA).",
        "Je vous aide à protéger votre connexion par un code à usage unique reçu par SMS, par e-mail ou affiché par une application d'authentification, ou en approuvant vos connexions ici (double authentification, 2FA).",
    ),
    (
        "You can also just ask a question about 2FA in your own words.",
        "Sie können mir auch einfach in eigenen Worten eine Frage zur 2FA stellen.",
        "Vous pouvez aussi simplement poser une question sur la 2FA avec vos propres mots.",
    ),
    (
        "We are linking this chat.",
        "Wir verknüpfen gerade diesen Chat.",
        "Nous sommes en train d'associer cette discussion.",
    ),
    (
        "Which email address is registered for your account?",
        "Welche E-Mail-Adresse ist für Ihr Konto hinterlegt?",
        "Quelle adresse e-mail est enregistrée pour votre compte ?",
    ),
    (
        "If {email} belongs to an account, we sent it a code. Type the code here to link this chat.",
        "Falls {email} zu einem Konto gehört, haben wir einen Code dorthin gesendet. Geben Sie den Code hier ein, um diesen Chat zu verknüpfen.",
        "Si {email} correspond à un compte, nous y avons envoyé un code. Saisissez-le ici pour associer cette discussion.",
    ),
    (
        "That does not look like an email address ({why}). Please type the address you log in with.",
        "Das sieht nicht nach einer E-Mail-Adresse aus ({why}). Bitte geben Sie die Adresse ein, mit der Sie sich anmelden.",
        "Cela ne ressemble pas à une adresse e-mail ({why}). Saisissez l'adresse avec laquelle vous vous connectez.",
    ),
    (
        "Thanks. Your account has 2FA on, so we also sent a code to {masked}. Type it here.",
        "Danke. Für Ihr Konto ist 2FA aktiviert, daher haben wir auch einen Code an {masked} gesendet. Geben Sie ihn hier ein.",
        "Merci. La 2FA est activée sur votre compte : nous avons donc aussi envoyé un code à {masked}. Saisissez-le ici.",
    ),
    (
        "Done! This chat is now linked to {name}'s account.",
        "Fertig! Dieser Chat ist jetzt mit dem Konto von {name} verknüpft.",
        "C'est fait ! Cette discussion est maintenant associée au compte de {name}.",
    ),
    (
        "This chat is linked to {name}'s account.",
        "Dieser Chat ist mit dem Konto von {name} verknüpft.",
        "Cette discussion est associée au compte de {name}.",
    ),
    (
        "This chat is not linked to an account yet. Send /start to link it.",
        "Dieser Chat ist noch mit keinem Konto verknüpft. Senden Sie /start, um ihn zu verknüpfen.",
        "Cette discussion n'est encore associée à aucun compte. Envoyez /start pour l'associer.",
    ),
    (
        "This link has expired or was already used. Send /start to link with your email instead.",
        "Dieser Link ist abgelaufen oder wurde schon verwendet. Senden Sie /start, um stattdessen über Ihre E-Mail-Adresse zu verknüpfen.",
        "Ce lien a expiré ou a déjà été utilisé. Envoyez /start pour associer la discussion avec votre e-mail.",
    ),
    (
        "Please type the {digits}-digit code we sent to {masked}, or tap Resend or Cancel.",
        "Bitte geben Sie den {digits}-stelligen Code ein, den wir an {masked} gesendet haben, oder tippen Sie auf „Erneut senden“ oder „Abbrechen“.",
        "Saisissez le code à {digits} chiffres envoyé à {masked}, ou appuyez sur Renvoyer ou Annuler.",
    ),
    (
        "That code is not right. {left} {tries} left.",
        "Dieser Code ist nicht richtig. Noch {left} {tries}.",
        "Ce code n'est pas le bon. Il vous reste {left} {tries}.",
    ),
    (
        "Too many wrong codes. That code no longer works and nothing was changed; you can start again.",
        "Zu viele falsche Codes. Dieser Code gilt nicht mehr und es wurde nichts geändert; Sie können neu beginnen.",
        "Trop de codes erronés. Ce code n'est plus valable et rien n'a été modifié ; vous pouvez recommencer.",
    ),
    (
        "That code is no longer active and nothing was changed; you can start again.",
        "Dieser Code ist nicht mehr gültig und es wurde nichts geändert; Sie können neu beginnen.",
        "Ce code n'est plus actif et rien n'a été modifié ; vous pouvez recommencer.",
    ),
    (
        "That code has expired. Tap New code to get another one.",
        "Dieser Code ist abgelaufen. Tippen Sie auf „Neuer Code“, um einen neuen zu erhalten.",
        "Ce code a expiré. Appuyez sur Nouveau code pour en recevoir un autre.",
    ),
    (
        "That code has expired, and we do not keep the {what} it went to once a code is of no more use. Please type the {what} again and I will send a new code.",
        "Dieser Code ist abgelaufen, und sobald ein Code nicht mehr gebraucht wird, speichern wir die {what} nicht, an die er ging. Bitte geben Sie die {what} noch einmal ein, dann sende ich einen neuen Code.",
        "Ce code a expiré, et nous ne gardons pas le {what} auquel il a été envoyé une fois le code inutile. Saisissez à nouveau le {what} et je vous enverrai un nouveau code.",
    ),
    ("mobile number", "Mobilnummer", "numéro de mobile"),
    ("email address", "E-Mail-Adresse", "adresse e-mail"),
    (
        "We sent the code again to {masked}. It is still valid until {until}.",
        "Wir haben den Code erneut an {masked} gesendet. Er ist noch bis {until} gültig.",
        "Nous avons renvoyé le code à {masked}. Il reste valable jusqu'à {until}.",
    ),
    (
        "We sent a new code to {masked}.",
        "Wir haben einen neuen Code an {masked} gesendet.",
        "Nous avons envoyé un nouveau code à {masked}.",
    ),
    (
        "We could not send a code to {masked} just now. Please try again in a moment.",
        "Wir konnten gerade keinen Code an {masked} senden. Bitte versuchen Sie es gleich noch einmal.",
        "Nous n'avons pas pu envoyer de code à {masked} pour le moment. Réessayez dans un instant.",
    ),
    (
        "Welcome back. We were in the middle of something:",
        "Willkommen zurück. Wir waren gerade mitten in etwas:",
        "Bon retour ! Nous étions en pleine opération :",
    ),
    (
        "Cancelled. Nothing was changed.",
        "Abgebrochen. Es wurde nichts geändert.",
        "Annulé. Rien n'a été modifié.",
    ),
    (
        "There is nothing to cancel. Send /help to see what I can do.",
        "Es gibt nichts abzubrechen. Senden Sie /help, um zu sehen, was ich kann.",
        "Il n'y a rien à annuler. Envoyez /help pour voir ce que je sais faire.",
    ),
    (
        "That button belongs to an earlier step. Here is where we are now:",
        "Diese Schaltfläche gehört zu einem früheren Schritt. Hier sind wir gerade:",
        "Ce bouton correspond à une étape précédente. Voici où nous en sommes :",
    ),
    (
        "Sorry, I did not understand that. Here is what I can do:",
        "Das habe ich leider nicht verstanden. Das kann ich für Sie tun:",
        "Désolé, je n'ai pas compris. Voici ce que je peux faire :",
    ),
    (
        "I do not know the command /{name}.",
        "Den Befehl /{name} kenne ich nicht.",
        "Je ne connais pas la commande /{name}.",
    ),
    ("Resend code", "Code erneut senden", "Renvoyer le code"),
    ("New code", "Neuer Code", "Nouveau code"),
    ("Cancel", "Abbrechen", "Annuler"),
    ("My 2FA status", "Mein 2FA-Status", "Mon état 2FA"),
    ("Help", "Hilfe", "Aide"),
    ("Link this chat", "Diesen Chat verknüpfen", "Associer cette discussion"),
    ("SMS", "SMS", "SMS"),
    ("email", "E-Mail", "e-mail"),
    ("Email", "E-Mail", "E-mail"),
    (
        "I only act for an account in a private chat with its owner, so nothing said in a group or channel reaches anyone's account or 2FA. Open a private chat with me to link your account or change your 2FA.",
        "Ich handle für ein Konto nur im privaten Chat mit seinem Inhaber; nichts, was in einer Gruppe oder einem Kanal geschrieben wird, wirkt sich auf ein Konto oder dessen 2FA aus. Öffnen Sie einen privaten Chat mit mir, um Ihr Konto zu verknüpfen oder Ihre 2FA zu ändern.",
        "Je n'agis pour un compte que dans une discussion privée avec son titulaire : rien de ce qui est dit dans un groupe ou une chaîne n'atteint un compte ou sa 2FA. Ouvrez une discussion privée avec moi pour associer votre compte ou modifier votre 2FA.",
    ),
    ("Open a private chat", "Privaten Chat öffnen", "Ouvrir une discussion privée"),
    (
        "This button is not for you.",
        "Diese Schaltfläche ist nicht für Sie.",
        "Ce bouton ne vous est pas destiné.",
    ),
    (
        "Something went wrong on our side; nothing you typed was lost, please try again.",
        "Bei uns ist etwas schiefgelaufen; Ihre Eingaben sind nicht verloren. Bitte versuchen Sie es noch einmal.",
        "Un problème est survenu de notre côté ; rien de ce que vous avez saisi n'est perdu, veuillez réessayer.",
    ),
    # purposes of a code: "Your code {purpose}", "{code} is your twofa-assistant code {purpose}."
    (
        "to link a chat to your account",
        "zum Verknüpfen eines Chats mit Ihrem Konto",
        "pour lier une discussion à votre compte",
    ),
    (
        "to link a chat to your account (two-factor check)",
        "zum Verknüpfen eines Chats mit Ihrem Konto (2FA-Prüfung)",
        "pour lier une discussion à votre compte (vérification 2FA)",
    ),
    ("to turn on 2FA", "zum Aktivieren der 2FA", "pour activer la 2FA"),
    ("to change your 2FA setting", "zum Ändern Ihrer 2FA-Einstellung", "pour modifier votre réglage 2FA"),
    (
        "to confirm your new email address",
        "zur Bestätigung Ihrer neuen E-Mail-Adresse",
        "pour confirmer votre nouvelle adresse e-mail",
    ),
    (
        "to confirm your new number",
        "zur Bestätigung Ihrer neuen Nummer",
        "pour confirmer votre nouveau numéro",
    ),
    ("to turn off 2FA", "zum Deaktivieren der 2FA", "pour désactiver la 2FA"),
    ("to log in", "zur Anmeldung", "pour vous connecter"),
    ("to test your 2FA", "zum Testen Ihrer 2FA", "pour tester votre 2FA"),
    (
        "to confirm an account manager action",
        "zur Bestätigung einer Aktion als Account-Manager",
        "pour confirmer une action de gestionnaire de compte",
    ),
    (
        "to confirm your request to your account manager",
        "zur Bestätigung Ihrer Anfrage an Ihren Account-Manager",
        "pour confirmer votre demande au gestionnaire de compte",
    ),
    (
        "to make new recovery codes",
        "zum Erstellen neuer Wiederherstellungscodes",
        "pour créer de nouveaux codes de secours",
    ),
    # -- texts_twofa.py ----------------------------------------------------------------------------
    (
        "How would you like to get your codes: by SMS or email, or from an authenticator app on your phone? Or approve each sign-in right here in Telegram, by tapping the number the login page shows. Choose one (only one can be used at a time).",
        "Wie möchten Sie Ihre Codes erhalten: per SMS oder E-Mail oder aus einer Authenticator-App auf Ihrem Telefon? Oder Sie bestätigen jede Anmeldung direkt hier in Telegram, indem Sie auf die Zahl tippen, die die Anmeldeseite anzeigt. Wählen Sie eine Methode (es kann immer nur eine genutzt werden).",
        "Comment souhaitez-vous recevoir vos codes : par SMS ou par e-mail, ou depuis une application d'authentification sur votre téléphone ? Vous pouvez aussi approuver chaque connexion ici même dans Telegram, en appuyant sur le nombre affiché par la page de connexion. Choisissez une méthode (une seule à la fois).",
    ),
    (
        "Thanks, that was the right code. Your current setting stays in force until the new one is confirmed.\nHow would you like to receive codes from now on? You are on {current}.",
        "Danke, das war der richtige Code. Ihre aktuelle Einstellung bleibt gültig, bis die neue bestätigt ist.\nWie möchten Sie Ihre Codes künftig erhalten? Derzeit: {current}.",
        "Merci, c'était le bon code. Votre réglage actuel reste en vigueur jusqu'à la confirmation du nouveau.\nComment souhaitez-vous recevoir vos codes désormais ? Actuellement : {current}.",
    ),
    (
        "Please type the mobile number that should receive the codes, with the country code (for example +44 7400 123456).",
        "Bitte geben Sie die Mobilnummer ein, an die die Codes gehen sollen, mit Ländervorwahl (zum Beispiel +49 151 23456789).",
        "Saisissez le numéro de mobile qui doit recevoir les codes, avec l'indicatif du pays (par exemple +33 6 12 34 56 78).",
    ),
    (
        "Please type the email address that should receive the codes.",
        "Bitte geben Sie die E-Mail-Adresse ein, an die die Codes gehen sollen.",
        "Saisissez l'adresse e-mail qui doit recevoir les codes.",
    ),
    (
        "Sorry, {why}. Please type a mobile number, or use email instead.",
        "Das geht leider nicht ({why}). Bitte geben Sie eine Mobilnummer ein oder nutzen Sie stattdessen E-Mail.",
        "Désolé, {why}. Saisissez un numéro de mobile, ou utilisez plutôt l'e-mail.",
    ),
    (
        "That email address cannot be used ({why}). Please type another one.",
        "Diese E-Mail-Adresse kann nicht verwendet werden ({why}). Bitte geben Sie eine andere ein.",
        "Cette adresse e-mail ne peut pas être utilisée ({why}). Saisissez-en une autre.",
    ),
    (
        "That is already where your codes go. Type a different one, or tap Cancel to keep it.",
        "Dorthin gehen Ihre Codes bereits. Geben Sie eine andere ein oder tippen Sie auf „Abbrechen“, um sie zu behalten.",
        "Vos codes sont déjà envoyés là. Saisissez-en un autre, ou appuyez sur Annuler pour le garder.",
    ),
    (
        "We sent a code to {masked}. Type it here to turn on 2FA.",
        "Wir haben einen Code an {masked} gesendet. Geben Sie ihn hier ein, um 2FA zu aktivieren.",
        "Nous avons envoyé un code à {masked}. Saisissez-le ici pour activer la 2FA.",
    ),
    (
        "To change your 2FA setting, first type the code we sent to your current {masked}.",
        "Um Ihre 2FA-Einstellung zu ändern, geben Sie zuerst den Code ein, den wir an {masked} (Ihre aktuelle Einstellung) gesendet haben.",
        "Pour modifier votre réglage 2FA, saisissez d'abord le code envoyé à {masked} (votre réglage actuel).",
    ),
    (
        "We sent a code to {masked}. Type it here to confirm it as your new 2FA destination.",
        "Wir haben einen Code an {masked} gesendet. Geben Sie ihn hier ein, um dies als Ihr neues 2FA-Ziel zu bestätigen.",
        "Nous avons envoyé un code à {masked}. Saisissez-le ici pour en faire votre nouvelle destination 2FA.",
    ),
    (
        "Turning off 2FA means your login is protected by your password only. Do you want to turn it off? We will send a code to {masked} to confirm.",
        "Ohne 2FA ist Ihre Anmeldung nur noch durch Ihr Passwort geschützt. Möchten Sie 2FA wirklich deaktivieren? Zur Bestätigung senden wir einen Code an {masked}.",
        "Sans la 2FA, votre connexion n'est protégée que par votre mot de passe. Voulez-vous vraiment la désactiver ? Nous enverrons un code à {masked} pour confirmer.",
    ),
    (
        "Type the code we sent to {masked} to turn off 2FA.",
        "Geben Sie den Code ein, den wir an {masked} gesendet haben, um 2FA zu deaktivieren.",
        "Saisissez le code envoyé à {masked} pour désactiver la 2FA.",
    ),
    (
        "Done! 2FA is on. From now on, every login asks for a code sent to {masked}.",
        "Fertig! 2FA ist aktiviert. Ab jetzt fragt jede Anmeldung nach einem Code, der an {masked} gesendet wird.",
        "C'est fait ! La 2FA est activée. Désormais, chaque connexion demandera un code envoyé à {masked}.",
    ),
    (
        "Done! Your codes now go to {masked}. We emailed a notice of the change to your registered address.",
        "Fertig! Ihre Codes gehen jetzt an {masked}. Wir haben Sie per E-Mail an Ihre hinterlegte Adresse über die Änderung informiert.",
        "C'est fait ! Vos codes sont désormais envoyés à {masked}. Nous avons signalé ce changement par e-mail à votre adresse enregistrée.",
    ),
    (
        "2FA is now off. We emailed a notice to your registered address. You can turn it on again with /enable.",
        "2FA ist jetzt deaktiviert. Wir haben Sie per E-Mail an Ihre hinterlegte Adresse informiert. Mit /enable können Sie 2FA wieder aktivieren.",
        "La 2FA est maintenant désactivée. Nous vous avons prévenu par e-mail à votre adresse enregistrée. Vous pouvez la réactiver avec /enable.",
    ),
    (
        "2FA is already on: codes go by {setting}. You can change it or turn it off.",
        "2FA ist bereits aktiviert: {setting}. Sie können die Einstellung ändern oder 2FA deaktivieren.",
        "La 2FA est déjà activée : {setting}. Vous pouvez la modifier ou la désactiver.",
    ),
    (
        "2FA is off, so there is nothing to {what}. You can turn it on.",
        "2FA ist deaktiviert, daher gibt es nichts zu {what}. Sie können 2FA aktivieren.",
        "La 2FA est désactivée, il n'y a donc rien à {what}. Vous pouvez l'activer.",
    ),
    (
        "First, let's link this chat to your account: send /start.",
        "Verknüpfen wir zuerst diesen Chat mit Ihrem Konto: Senden Sie /start.",
        "Commençons par associer cette discussion à votre compte : envoyez /start.",
    ),
    (
        "We are in the middle of {current}. Stop that and {next} instead?",
        "Gerade läuft noch: {current}. Abbrechen und stattdessen {next}?",
        "Une opération est en cours : {current}. L'arrêter et plutôt {next} ?",
    ),
    ("OK, let's carry on.", "Gut, machen wir weiter.", "D'accord, continuons."),
    (
        "Your 2FA setting changed while we were talking, so nothing was done. Here it is now:",
        "Ihre 2FA-Einstellung hat sich während unseres Gesprächs geändert, daher wurde nichts ausgeführt. So sieht sie jetzt aus:",
        "Votre réglage 2FA a changé pendant notre échange, rien n'a donc été fait. Le voici maintenant :",
    ),
    (
        "We could not send a code to {masked}. If you no longer have access to it, your account manager can turn 2FA off for you; otherwise try again in a moment.",
        "Wir konnten keinen Code an {masked} senden. Falls Sie keinen Zugriff mehr darauf haben, kann Ihr Account-Manager 2FA für Sie deaktivieren; andernfalls versuchen Sie es gleich noch einmal.",
        "Nous n'avons pas pu envoyer de code à {masked}. Si vous n'y avez plus accès, votre gestionnaire de compte peut désactiver la 2FA pour vous ; sinon, réessayez dans un instant.",
    ),
    (
        "The SMS provider says {masked} is not a valid mobile number.",
        "Laut SMS-Anbieter ist {masked} keine gültige Mobilnummer.",
        "Selon l'opérateur SMS, {masked} n'est pas un numéro de mobile valide.",
    ),
    ("{masked} could not be reached.", "{masked} war nicht erreichbar.", "{masked} n'a pas pu être joint."),
    (
        "We cannot send SMS to that country yet. Email works everywhere.",
        "In dieses Land können wir noch keine SMS senden. E-Mail funktioniert überall.",
        "Nous ne pouvons pas encore envoyer de SMS vers ce pays. L'e-mail fonctionne partout.",
    ),
    (
        "We could not send a code to {masked} just now.",
        "Wir konnten gerade keinen Code an {masked} senden.",
        "Nous n'avons pas pu envoyer de code à {masked} pour le moment.",
    ),
    (
        "Nothing was saved. Type the number or address again to retry, or use the other method.",
        "Es wurde nichts gespeichert. Geben Sie die Nummer oder Adresse erneut ein oder nutzen Sie die andere Methode.",
        "Rien n'a été enregistré. Saisissez à nouveau le numéro ou l'adresse pour réessayer, ou utilisez l'autre méthode.",
    ),
    ("Turn on 2FA", "2FA aktivieren", "Activer la 2FA"),
    ("Change number or email", "Nummer oder E-Mail ändern", "Changer de numéro ou d'e-mail"),
    ("Turn off 2FA", "2FA deaktivieren", "Désactiver la 2FA"),
    ("Use email instead", "Stattdessen E-Mail", "Utiliser plutôt l'e-mail"),
    ("Use SMS instead", "Stattdessen SMS", "Utiliser plutôt les SMS"),
    ("Yes, turn off 2FA", "Ja, 2FA deaktivieren", "Oui, désactiver la 2FA"),
    ("Keep 2FA on", "2FA beibehalten", "Garder la 2FA"),
    ("Yes, {next}", "Ja, {next}", "Oui, {next}"),
    ("No, carry on", "Nein, weitermachen", "Non, continuer"),
    (
        "The provider says {masked} is not a valid number or address any more, so no code could go there.",
        "Laut Anbieter ist {masked} keine gültige Nummer oder Adresse mehr, daher konnte kein Code dorthin gesendet werden.",
        "Selon le fournisseur, {masked} n'est plus un numéro ou une adresse valide : aucun code n'a pu y être envoyé.",
    ),
    (
        "We cannot send SMS to the country of {masked} any more.",
        "In das Land von {masked} können wir keine SMS mehr senden.",
        "Nous ne pouvons plus envoyer de SMS vers le pays de {masked}.",
    ),
    (
        "Nothing was changed. Try again in a moment; if you no longer have access to it, your account manager can turn 2FA off for you, or write /support.",
        "Es wurde nichts geändert. Versuchen Sie es gleich noch einmal; falls Sie keinen Zugriff mehr darauf haben, kann Ihr Account-Manager 2FA für Sie deaktivieren, oder schreiben Sie /support.",
        "Rien n'a été modifié. Réessayez dans un instant ; si vous n'y avez plus accès, votre gestionnaire de compte peut désactiver la 2FA pour vous, ou écrivez /support.",
    ),
    (
        "The code we sent before still works until it expires.",
        "Der zuvor gesendete Code gilt weiterhin, bis er abläuft.",
        "Le code envoyé précédemment reste valable jusqu'à son expiration.",
    ),
    # flow names (nouns): "We are in the middle of {current}", "Meanwhile, ... {flow}:"
    ("turning on 2FA", "Aktivierung der 2FA", "l'activation de la 2FA"),
    ("changing your 2FA setting", "Änderung Ihrer 2FA-Einstellung", "la modification de votre réglage 2FA"),
    ("turning off 2FA", "Deaktivierung der 2FA", "la désactivation de la 2FA"),
    ("linking this chat", "Verknüpfung dieses Chats", "l'association de cette discussion"),
    ("testing your 2FA", "Test Ihrer 2FA", "le test de votre 2FA"),
    ("an account manager action", "eine Aktion als Account-Manager", "une action de gestionnaire de compte"),
    (
        "a request to your account manager",
        "eine Anfrage an Ihren Account-Manager",
        "une demande à votre gestionnaire de compte",
    ),
    ("writing to support", "eine Nachricht an den Support", "un message au support"),
    (
        "making new recovery codes",
        "Erstellung neuer Wiederherstellungscodes",
        "la création de nouveaux codes de secours",
    ),
    (
        "using a recovery code",
        "Verwendung eines Wiederherstellungscodes",
        "l'utilisation d'un code de secours",
    ),
    # bare infinitives: "Stop that and {next} instead?", "Yes, {next}", "Tap Confirm to {purpose}."
    ("turn on 2FA", "2FA aktivieren", "activer la 2FA"),
    ("change your 2FA setting", "Ihre 2FA-Einstellung ändern", "modifier votre réglage 2FA"),
    ("turn off 2FA", "2FA deaktivieren", "désactiver la 2FA"),
    (
        "link this chat to an account",
        "diesen Chat mit einem Konto verknüpfen",
        "associer cette discussion à un compte",
    ),
    ("test your 2FA", "Ihre 2FA testen", "tester votre 2FA"),
    ("manage your contract", "Ihren Vertrag verwalten", "gérer votre contrat"),
    ("ask your account manager", "Ihren Account-Manager fragen", "demander à votre gestionnaire de compte"),
    ("write to support", "dem Support schreiben", "écrire au support"),
    (
        "make new recovery codes",
        "neue Wiederherstellungscodes erstellen",
        "créer de nouveaux codes de secours",
    ),
    ("use a recovery code", "einen Wiederherstellungscode verwenden", "utiliser un code de secours"),
    ("make it your new 2FA method", "die neue 2FA-Methode einrichten", "en faire votre nouvelle méthode 2FA"),
    (
        "confirm it is you before the change",
        "vor der Änderung Ihre Identität bestätigen",
        "confirmer votre identité avant la modification",
    ),
    ("check your 2FA works", "Ihre 2FA prüfen", "vérifier que votre 2FA fonctionne"),
    # -- texts_steps.py / texts_routes.py ----------------------------------------------------------
    (
        "2FA is off, so there is nothing to {what}.",
        "2FA ist deaktiviert, daher gibt es nichts zu {what}.",
        "La 2FA est désactivée, il n'y a donc rien à {what}.",
    ),
    (
        "2FA is already on: codes go by {setting}.",
        "2FA ist bereits aktiviert: {setting}.",
        "La 2FA est déjà activée : {setting}.",
    ),
    (
        "It was sent to your Telegram app, as a message from Telegram's verification service (not by SMS).",
        "Er wurde an Ihre Telegram-App gesendet, als Nachricht des Verifizierungsdienstes von Telegram (nicht per SMS).",
        "Il a été envoyé dans votre application Telegram, par le service de vérification de Telegram (pas par SMS).",
    ),
    (
        "It was sent by SMS to {masked}.",
        "Er wurde per SMS an {masked} gesendet.",
        "Il a été envoyé par SMS au {masked}.",
    ),
]

ENTRIES += [
    # -- texts_recovery.py -------------------------------------------------------------------------
    ("New recovery codes", "Neue Wiederherstellungscodes", "Nouveaux codes de secours"),
    ("Get recovery codes", "Wiederherstellungscodes erhalten", "Obtenir des codes de secours"),
    ("Use a recovery code", "Wiederherstellungscode verwenden", "Utiliser un code de secours"),
    ("Change my 2FA method", "2FA-Methode ändern", "Changer de méthode 2FA"),
    (
        "To make new recovery codes, type the code we sent to {masked}. The codes you have keep working until then.",
        "Um neue Wiederherstellungscodes zu erstellen, geben Sie den Code ein, den wir an {masked} gesendet haben. Ihre bisherigen Codes gelten bis dahin weiter.",
        "Pour créer de nouveaux codes de secours, saisissez le code envoyé à {masked}. Vos codes actuels restent valables d'ici là.",
    ),
    ("That was the right code.", "Das war der richtige Code.", "C'était le bon code."),
    (
        "Your recovery codes could not be made just now (your 2FA setting is as it was, and any codes you had still work). Tap the button to try again.",
        "Ihre Wiederherstellungscodes konnten gerade nicht erstellt werden (Ihre 2FA-Einstellung ist unverändert, und vorhandene Codes gelten weiter). Tippen Sie auf die Schaltfläche, um es erneut zu versuchen.",
        "Vos codes de secours n'ont pas pu être créés pour le moment (votre réglage 2FA est inchangé et vos éventuels codes restent valables). Appuyez sur le bouton pour réessayer.",
    ),
    (
        "(Recovery codes are shown only once and are never sent again. If you did not see them, send /newcodes for a new set.)",
        "(Wiederherstellungscodes werden nur einmal angezeigt und nie erneut gesendet. Falls Sie sie nicht gesehen haben, senden Sie /newcodes für neue Codes.)",
        "(Les codes de secours ne s'affichent qu'une fois et ne sont jamais renvoyés. Si vous ne les avez pas vus, envoyez /newcodes pour en obtenir de nouveaux.)",
    ),
    (
        "2FA is off, so your password alone signs you in: there is nothing to use a recovery code for.",
        "2FA ist deaktiviert, Sie melden sich also nur mit Ihrem Passwort an: Ein Wiederherstellungscode wird nicht gebraucht.",
        "La 2FA est désactivée : votre mot de passe suffit pour vous connecter, un code de secours ne servirait à rien.",
    ),
    (
        "Type one of your recovery codes (8 letters and digits, like XXXX-XXXX). Each one works once. Or tap Cancel.",
        "Geben Sie einen Ihrer Wiederherstellungscodes ein (8 Buchstaben und Ziffern, etwa XXXX-XXXX). Jeder funktioniert nur einmal. Oder tippen Sie auf „Abbrechen“.",
        "Saisissez l'un de vos codes de secours (8 lettres et chiffres, comme XXXX-XXXX). Chacun ne fonctionne qu'une fois. Ou appuyez sur Annuler.",
    ),
    (
        "You have no recovery codes to use. Your account manager can turn 2FA off for you; then set it up again with a number or address you keep. I can send them the request.",
        "Sie haben keine Wiederherstellungscodes mehr. Ihr Account-Manager kann 2FA für Sie deaktivieren; richten Sie sie danach mit einer Nummer oder Adresse neu ein, die Sie behalten. Ich kann ihm Ihre Anfrage senden.",
        "Vous n'avez aucun code de secours utilisable. Votre gestionnaire de compte peut désactiver la 2FA pour vous ; configurez-la ensuite avec un numéro ou une adresse que vous gardez. Je peux lui transmettre la demande.",
    ),
    (
        "That is not one of your unused recovery codes. Check it and type it again, or tap Cancel. Wrong recovery codes count toward the same limit as wrong one-time codes.",
        "Das ist keiner Ihrer unbenutzten Wiederherstellungscodes. Prüfen Sie ihn und geben Sie ihn erneut ein, oder tippen Sie auf „Abbrechen“. Falsche Wiederherstellungscodes zählen zum selben Limit wie falsche Einmalcodes.",
        "Ce n'est pas l'un de vos codes de secours inutilisés. Vérifiez-le et saisissez-le à nouveau, ou appuyez sur Annuler. Les codes de secours erronés comptent dans la même limite que les codes à usage unique erronés.",
    ),
    (
        "That recovery code was right; it is now used up. {left}\n\nWhat would you like to do? Change your 2FA method (the current one stays in force until the new one is confirmed), or turn 2FA off.",
        "Der Wiederherstellungscode war richtig und ist jetzt verbraucht. {left}\n\nWas möchten Sie tun? Ihre 2FA-Methode ändern (die aktuelle bleibt gültig, bis die neue bestätigt ist) oder 2FA deaktivieren?",
        "Ce code de secours était correct ; il est maintenant utilisé. {left}\n\nQue souhaitez-vous faire ? Changer de méthode 2FA (l'actuelle reste en vigueur jusqu'à la confirmation de la nouvelle), ou désactiver la 2FA ?",
    ),
    (
        "What would you like to do with your recovery code: change your 2FA method, or turn 2FA off?",
        "Was möchten Sie mit Ihrem Wiederherstellungscode tun: Ihre 2FA-Methode ändern oder 2FA deaktivieren?",
        "Que souhaitez-vous faire avec votre code de secours : changer de méthode 2FA, ou désactiver la 2FA ?",
    ),
    (
        "How would you like to get your codes from now on? Your current setting stays in force until the new one is confirmed.",
        "Wie möchten Sie Ihre Codes künftig erhalten? Ihre aktuelle Einstellung bleibt gültig, bis die neue bestätigt ist.",
        "Comment souhaitez-vous recevoir vos codes désormais ? Votre réglage actuel reste en vigueur jusqu'à la confirmation du nouveau.",
    ),
    (
        "That recovery code was used more than 15 minutes ago, so nothing was changed. Send /lost to use another one.",
        "Dieser Wiederherstellungscode wurde vor mehr als 15 Minuten verwendet, daher wurde nichts geändert. Senden Sie /lost, um einen anderen zu verwenden.",
        "Ce code de secours a été utilisé il y a plus de 15 minutes, rien n'a donc été modifié. Envoyez /lost pour en utiliser un autre.",
    ),
    (
        "This was done with a recovery code, in place of a code to the previous method.",
        "Dies geschah mit einem Wiederherstellungscode anstelle eines Codes über die bisherige Methode.",
        "Cela a été fait avec un code de secours, à la place d'un code reçu par la méthode précédente.",
    ),
    (
        " If you kept the recovery codes you got when you turned on 2FA, you can use one here instead, to change your method or turn 2FA off yourself.",
        " Falls Sie die Wiederherstellungscodes aufbewahrt haben, die Sie beim Aktivieren der 2FA erhalten haben, können Sie hier stattdessen einen verwenden, um Ihre Methode zu ändern oder 2FA selbst zu deaktivieren.",
        " Si vous avez gardé les codes de secours reçus lors de l'activation de la 2FA, vous pouvez en utiliser un ici pour changer de méthode ou désactiver la 2FA vous-même.",
    ),
    # -- texts_approval.py -------------------------------------------------------------------------
    ("Approve in Telegram", "In Telegram bestätigen", "Approuver dans Telegram"),
    ("Confirm", "Bestätigen", "Confirmer"),
    ("This wasn't me", "Das war ich nicht", "Ce n'était pas moi"),
    ("Send me a code instead", "Lieber einen Code senden", "M'envoyer plutôt un code"),
    (
        "With this method, each sign-in asks you here: the login page shows a number, and you tap the same number in this chat. Nothing is sent by SMS or email.\n\nTap Confirm to {purpose} with this chat.",
        "Bei dieser Methode fragen wir Sie bei jeder Anmeldung hier: Die Anmeldeseite zeigt eine Zahl, und Sie tippen in diesem Chat auf dieselbe Zahl. Es wird nichts per SMS oder E-Mail gesendet.\n\nTippen Sie auf „Bestätigen“, wenn Sie mit diesem Chat {purpose} möchten.",
        "Avec cette méthode, chaque connexion vous est demandée ici : la page de connexion affiche un nombre, et vous appuyez sur le même nombre dans cette discussion. Rien n'est envoyé par SMS ni par e-mail.\n\nAppuyez sur Confirmer pour {purpose} avec cette discussion.",
    ),
    (
        "Tap Confirm to {purpose}.",
        "Tippen Sie auf „Bestätigen“, wenn Sie {purpose} möchten.",
        "Appuyez sur Confirmer pour {purpose}.",
    ),
    (
        "Please tap Confirm, or Cancel.",
        "Bitte tippen Sie auf „Bestätigen“ oder „Abbrechen“.",
        "Appuyez sur Confirmer ou sur Annuler.",
    ),
    (
        "Nothing is sent for this method: tap Confirm in this chat.",
        "Bei dieser Methode wird nichts gesendet: Tippen Sie in diesem Chat auf „Bestätigen“.",
        "Rien n'est envoyé avec cette méthode : appuyez sur Confirmer dans cette discussion.",
    ),
    (
        "Done! 2FA is on. From now on, every sign-in asks you in this chat to tap the number you see.",
        "Fertig! 2FA ist aktiviert. Ab jetzt bittet Sie jede Anmeldung in diesem Chat, auf die angezeigte Zahl zu tippen.",
        "C'est fait ! La 2FA est activée. Désormais, à chaque connexion, vous appuierez dans cette discussion sur le nombre affiché.",
    ),
    (
        "Done! Sign-ins are now approved in this chat. We emailed a notice of the change to your registered address.",
        "Fertig! Anmeldungen werden jetzt in diesem Chat bestätigt. Wir haben Sie per E-Mail an Ihre hinterlegte Adresse über die Änderung informiert.",
        "C'est fait ! Les connexions sont désormais approuvées dans cette discussion. Nous avons signalé ce changement par e-mail à votre adresse enregistrée.",
    ),
    (
        "Your 2FA works: sign-ins are approved in this chat.",
        "Ihre 2FA funktioniert: Anmeldungen werden in diesem Chat bestätigt.",
        "Votre 2FA fonctionne : les connexions sont approuvées dans cette discussion.",
    ),
    (
        "Sign-in to {service} from {where} at {time}.\n\nWhich number does your screen show?",
        "Anmeldung bei {service} von {where} um {time}.\n\nWelche Zahl zeigt Ihr Bildschirm?",
        "Connexion à {service} depuis {where} à {time}.\n\nQuel nombre s'affiche sur votre écran ?",
    ),
    (
        "✅ Sign-in approved: {service} from {where} at {time}.",
        "✅ Anmeldung bestätigt: {service} von {where} um {time}.",
        "✅ Connexion approuvée : {service} depuis {where} à {time}.",
    ),
    (
        "❌ Sign-in refused: that was not the number on the screen. If it was you, start the sign-in again; if not, your password may be known to someone: change it.",
        "❌ Anmeldung abgelehnt: Das war nicht die Zahl auf dem Bildschirm. Wenn Sie es waren, melden Sie sich erneut an; wenn nicht, kennt womöglich jemand Ihr Passwort: Ändern Sie es.",
        "❌ Connexion refusée : ce n'était pas le nombre affiché à l'écran. Si c'était vous, recommencez la connexion ; sinon, quelqu'un connaît peut-être votre mot de passe : changez-le.",
    ),
    (
        "❌ Sign-in refused: {service} from {where} at {time}.",
        "❌ Anmeldung abgelehnt: {service} von {where} um {time}.",
        "❌ Connexion refusée : {service} depuis {where} à {time}.",
    ),
    (
        "⌛ This sign-in request expired ({service} from {where} at {time}); nothing was approved.",
        "⌛ Diese Anmeldeanfrage ist abgelaufen ({service} von {where} um {time}); es wurde nichts bestätigt.",
        "⌛ Cette demande de connexion a expiré ({service} depuis {where} à {time}) ; rien n'a été approuvé.",
    ),
    (
        "This sign-in was already answered.",
        "Diese Anmeldung wurde bereits beantwortet.",
        "Cette connexion a déjà reçu une réponse.",
    ),
    (
        "Your sign-in code for {service} is {code}. Type it on the login page; it works once, until {until}. Nobody from us will ever ask you for it.",
        "Ihr Anmeldecode für {service} lautet {code}. Geben Sie ihn auf der Anmeldeseite ein; er gilt einmal, bis {until}. Niemand von uns wird Sie jemals danach fragen.",
        "Votre code de connexion pour {service} est {code}. Saisissez-le sur la page de connexion ; il fonctionne une fois, jusqu'à {until}. Nous ne vous le demanderons jamais.",
    ),
    (
        "🔢 You asked for a code to type on the login page instead (sent below).",
        "🔢 Sie haben stattdessen einen Code für die Anmeldeseite angefordert (siehe unten).",
        "🔢 Vous avez demandé un code à saisir plutôt sur la page de connexion (envoyé ci-dessous).",
    ),
    (
        "this Telegram chat (you tap the number the login page shows)",
        "diesen Telegram-Chat (Sie tippen auf die Zahl, die die Anmeldeseite zeigt)",
        "cette discussion Telegram (vous appuyez sur le nombre affiché par la page de connexion)",
    ),
    (
        'Your sign-ins are approved in this chat: nothing is sent by SMS or email. When you sign in, a question appears here; tap the number the login page shows, or "Send me a code instead". If no question arrives, check that you have not blocked the bot; send /test to try, or contact support.',
        "Ihre Anmeldungen werden in diesem Chat bestätigt: Es wird nichts per SMS oder E-Mail gesendet. Wenn Sie sich anmelden, erscheint hier eine Frage; tippen Sie auf die Zahl, die die Anmeldeseite zeigt, oder auf „Lieber einen Code senden“. Kommt keine Frage an, prüfen Sie, ob Sie den Bot blockiert haben; senden Sie /test zum Ausprobieren oder wenden Sie sich an den Support.",
        "Vos connexions sont approuvées dans cette discussion : rien n'est envoyé par SMS ni par e-mail. Quand vous vous connectez, une question apparaît ici ; appuyez sur le nombre affiché par la page de connexion, ou sur « M'envoyer plutôt un code ». Si aucune question n'arrive, vérifiez que vous n'avez pas bloqué le bot ; envoyez /test pour essayer, ou contactez le support.",
    ),
    (
        "Your sign-ins are approved in another Telegram chat: please do this from that chat (or contact support if you no longer have it).",
        "Ihre Anmeldungen werden in einem anderen Telegram-Chat bestätigt: Bitte erledigen Sie dies dort (oder wenden Sie sich an den Support, falls Sie ihn nicht mehr haben).",
        "Vos connexions sont approuvées dans une autre discussion Telegram : faites-le depuis celle-ci (ou contactez le support si vous n'y avez plus accès).",
    ),
    (
        '(A sign-in code is not sent twice. If you did not get it, tap "Send me a code instead" again.)',
        "(Ein Anmeldecode wird nicht zweimal gesendet. Falls Sie ihn nicht erhalten haben, tippen Sie erneut auf „Lieber einen Code senden“.)",
        "(Un code de connexion n'est pas envoyé deux fois. Si vous ne l'avez pas reçu, appuyez à nouveau sur « M'envoyer plutôt un code ».)",
    ),
    # -- texts_app.py ------------------------------------------------------------------------------
    ("Authenticator app", "Authenticator-App", "Appli d'authentification"),
    (
        "Scan this QR code with your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…), or add the account by hand with this key:\n\n{key}\n\nThen type the 6-digit code the app shows to {purpose}. Until you do, nothing changes.",
        "Scannen Sie diesen QR-Code mit Ihrer Authenticator-App (Google Authenticator, Microsoft Authenticator, 1Password, Aegis …) oder fügen Sie das Konto manuell mit diesem Schlüssel hinzu:\n\n{key}\n\nGeben Sie dann den 6-stelligen Code aus der App ein, wenn Sie {purpose} möchten. Bis dahin ändert sich nichts.",
        "Scannez ce QR code avec votre application d'authentification (Google Authenticator, Microsoft Authenticator, 1Password, Aegis…), ou ajoutez le compte à la main avec cette clé :\n\n{key}\n\nSaisissez ensuite le code à 6 chiffres affiché par l'application pour {purpose}. D'ici là, rien ne change.",
    ),
    (
        "Type the 6-digit code your authenticator app shows to {purpose}.",
        "Geben Sie den 6-stelligen Code aus Ihrer Authenticator-App ein, wenn Sie {purpose} möchten.",
        "Saisissez le code à 6 chiffres affiché par votre application d'authentification pour {purpose}.",
    ),
    (
        "Please type the 6-digit code your authenticator app shows now, or tap Cancel.",
        "Bitte geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App gerade anzeigt, oder tippen Sie auf „Abbrechen“.",
        "Saisissez le code à 6 chiffres affiché en ce moment par votre application d'authentification, ou appuyez sur Annuler.",
    ),
    (
        "Nothing is sent for the authenticator app: open it and type the 6-digit code it shows for this account (a new one every 30 seconds).",
        "Für die Authenticator-App wird nichts gesendet: Öffnen Sie sie und geben Sie den 6-stelligen Code ein, den sie für dieses Konto anzeigt (alle 30 Sekunden ein neuer).",
        "Rien n'est envoyé pour l'application d'authentification : ouvrez-la et saisissez le code à 6 chiffres affiché pour ce compte (un nouveau toutes les 30 secondes).",
    ),
    (
        "I deleted the message with the setup key from this chat: it is in your app now.",
        "Ich habe die Nachricht mit dem Einrichtungsschlüssel aus diesem Chat gelöscht: Er ist jetzt in Ihrer App.",
        "J'ai supprimé de cette discussion le message contenant la clé de configuration : elle est maintenant dans votre application.",
    ),
    (
        "(A message with an authenticator app's setup key is not sent twice. If you did not get it, tap Cancel and choose the app again.)",
        "(Eine Nachricht mit dem Einrichtungsschlüssel einer Authenticator-App wird nicht zweimal gesendet. Falls Sie sie nicht erhalten haben, tippen Sie auf „Abbrechen“ und wählen Sie die App erneut.)",
        "(Le message contenant la clé de configuration d'une application d'authentification n'est pas envoyé deux fois. Si vous ne l'avez pas reçu, appuyez sur Annuler et choisissez à nouveau l'application.)",
    ),
    (
        "Done! 2FA is on. From now on, every login asks for the code your authenticator app shows.",
        "Fertig! 2FA ist aktiviert. Ab jetzt fragt jede Anmeldung nach dem Code aus Ihrer Authenticator-App.",
        "C'est fait ! La 2FA est activée. Désormais, chaque connexion demandera le code affiché par votre application d'authentification.",
    ),
    (
        "Done! Logins now ask for the code your authenticator app shows. We emailed a notice of the change to your registered address.",
        "Fertig! Anmeldungen fragen jetzt nach dem Code aus Ihrer Authenticator-App. Wir haben Sie per E-Mail an Ihre hinterlegte Adresse über die Änderung informiert.",
        "C'est fait ! Les connexions demandent désormais le code affiché par votre application d'authentification. Nous avons signalé ce changement par e-mail à votre adresse enregistrée.",
    ),
    (
        "Your 2FA works: the code from your authenticator app was right.",
        "Ihre 2FA funktioniert: Der Code aus Ihrer Authenticator-App war richtig.",
        "Votre 2FA fonctionne : le code de votre application d'authentification était correct.",
    ),
    ("your authenticator app", "Ihre Authenticator-App", "votre application d'authentification"),
    (
        "Your codes come from your authenticator app. To change that, tap Change: type the app's code first, then set up the new method. The app stays in force until the new method is confirmed.",
        "Ihre Codes kommen aus Ihrer Authenticator-App. Um das zu ändern, tippen Sie auf „Ändern“: Geben Sie zuerst den Code der App ein und richten Sie dann die neue Methode ein. Die App bleibt gültig, bis die neue Methode bestätigt ist.",
        "Vos codes viennent de votre application d'authentification. Pour changer cela, appuyez sur Modifier : saisissez d'abord le code de l'application, puis configurez la nouvelle méthode. L'application reste en vigueur jusqu'à la confirmation de la nouvelle méthode.",
    ),
    (
        "You can turn 2FA off yourself: confirm, then type the code your authenticator app shows. Your login will then be protected by your password only.",
        "Sie können 2FA selbst deaktivieren: Bestätigen Sie und geben Sie dann den Code aus Ihrer Authenticator-App ein. Ihre Anmeldung ist danach nur noch durch Ihr Passwort geschützt.",
        "Vous pouvez désactiver la 2FA vous-même : confirmez, puis saisissez le code affiché par votre application d'authentification. Votre connexion ne sera alors protégée que par votre mot de passe.",
    ),
    (
        "Your codes come from your authenticator app: nothing is sent. Open the app and type the code it shows for this account. If a code is refused, check that the phone sets its clock automatically; send /test to try one, or contact support.",
        "Ihre Codes kommen aus Ihrer Authenticator-App: Es wird nichts gesendet. Öffnen Sie die App und geben Sie den Code ein, den sie für dieses Konto anzeigt. Wird ein Code abgelehnt, prüfen Sie, ob Ihr Telefon die Uhrzeit automatisch einstellt; senden Sie /test zum Ausprobieren oder wenden Sie sich an den Support.",
        "Vos codes viennent de votre application d'authentification : rien n'est envoyé. Ouvrez l'application et saisissez le code affiché pour ce compte. Si un code est refusé, vérifiez que l'heure du téléphone est réglée automatiquement ; envoyez /test pour essayer, ou contactez le support.",
    ),
]

ENTRIES += [
    # -- texts_faq.py ------------------------------------------------------------------------------
    (
        "Setting up 2FA takes a minute: choose SMS or email, add your number or address, and confirm it with the code we send (or choose an authenticator app, scan the QR code and type the code it shows). From then on, every login asks for a code. (In the web app: My profile > Two-Factor Authentication.)",
        "2FA ist in einer Minute eingerichtet: Wählen Sie SMS oder E-Mail, geben Sie Ihre Nummer oder Adresse ein und bestätigen Sie sie mit dem Code, den wir senden (oder wählen Sie eine Authenticator-App, scannen Sie den QR-Code und geben Sie den angezeigten Code ein). Ab dann fragt jede Anmeldung nach einem Code. (In der Web-App: Mein Profil > Zwei-Faktor-Authentifizierung.)",
        "Configurer la 2FA prend une minute : choisissez SMS ou e-mail, ajoutez votre numéro ou votre adresse, et confirmez-le avec le code que nous envoyons (ou choisissez une application d'authentification, scannez le QR code et saisissez le code affiché). Ensuite, chaque connexion demande un code. (Dans l'application web : Mon profil > Double authentification.)",
    ),
    (
        "2FA is already on for you: codes go by {how}. You can change it or turn it off.",
        "2FA ist für Sie bereits aktiviert: Codes kommen über {how}. Sie können das ändern oder 2FA deaktivieren.",
        "La 2FA est déjà activée pour vous : les codes arrivent par {how}. Vous pouvez modifier ce réglage ou désactiver la 2FA.",
    ),
    (
        "There are three methods: a code by SMS, a code by email, or a code from an authenticator app on your phone (Google Authenticator, Microsoft Authenticator and the like; nothing is sent, so it works anywhere). Only one can be used at a time, never two at once.",
        "Es gibt drei Methoden: einen Code per SMS, einen Code per E-Mail oder einen Code aus einer Authenticator-App auf Ihrem Telefon (Google Authenticator, Microsoft Authenticator und ähnliche; es wird nichts gesendet, daher funktioniert sie überall). Es kann immer nur eine genutzt werden, nie zwei gleichzeitig.",
        "Il existe trois méthodes : un code par SMS, un code par e-mail, ou un code d'une application d'authentification sur votre téléphone (Google Authenticator, Microsoft Authenticator, etc. ; rien n'est envoyé, elle fonctionne donc partout). Une seule peut être utilisée à la fois, jamais deux.",
    ),
    (" You get codes by {how}.", " Sie erhalten Codes über {how}.", " Vous recevez vos codes par {how}."),
    (
        "SMS is not available in every country yet: we are still waiting for provider registration in some regions. Email works everywhere, so if SMS is not offered for your number, choose email.",
        "SMS ist noch nicht in jedem Land verfügbar: In einigen Regionen warten wir noch auf die Registrierung beim Anbieter. E-Mail funktioniert überall – wird SMS für Ihre Nummer nicht angeboten, wählen Sie E-Mail.",
        "Les SMS ne sont pas encore disponibles dans tous les pays : nous attendons encore l'enregistrement auprès des opérateurs dans certaines régions. L'e-mail fonctionne partout : si les SMS ne sont pas proposés pour votre numéro, choisissez l'e-mail.",
    ),
    (
        "2FA is personal: each user of your contract turns it on individually, with a phone number or email they always have access to. Turning it on for you does not turn it on for your colleagues.",
        "2FA ist persönlich: Jeder Nutzer Ihres Vertrags aktiviert sie selbst, mit einer Telefonnummer oder E-Mail-Adresse, auf die er immer Zugriff hat. Wenn Sie 2FA für sich aktivieren, gilt das nicht für Ihre Kollegen.",
        "La 2FA est personnelle : chaque utilisateur de votre contrat l'active individuellement, avec un numéro de téléphone ou un e-mail auquel il a toujours accès. L'activer pour vous ne l'active pas pour vos collègues.",
    ),
    (
        " As account manager, you can see who has it on with /manage.",
        " Als Account-Manager sehen Sie mit /manage, wer sie aktiviert hat.",
        " En tant que gestionnaire de compte, vous pouvez voir qui l'a activée avec /manage.",
    ),
    (
        "To change the number or email: confirm with a code sent to the current one, add the new one, then type the code sent to it.",
        "So ändern Sie Nummer oder E-Mail: Bestätigen Sie mit einem Code an die aktuelle, geben Sie die neue ein und dann den Code, der an sie gesendet wurde.",
        "Pour changer de numéro ou d'e-mail : confirmez avec un code envoyé à l'actuel, ajoutez le nouveau, puis saisissez le code qui lui a été envoyé.",
    ),
    (
        "You get codes by {how}. To change it, tap Change: we send a code to the current one first, then to the new one. Your current setting stays in force until the new one is confirmed.",
        "Sie erhalten Codes über {how}. Um das zu ändern, tippen Sie auf „Ändern“: Wir senden zuerst einen Code an die aktuelle und dann an die neue Adresse bzw. Nummer. Ihre aktuelle Einstellung bleibt gültig, bis die neue bestätigt ist.",
        "Vous recevez vos codes par {how}. Pour changer, appuyez sur Modifier : nous envoyons d'abord un code à la destination actuelle, puis à la nouvelle. Votre réglage actuel reste en vigueur jusqu'à la confirmation du nouveau.",
    ),
    (
        "2FA is off for you, so there is nothing to change yet. You can turn it on.",
        "2FA ist bei Ihnen deaktiviert, es gibt also noch nichts zu ändern. Sie können 2FA aktivieren.",
        "La 2FA est désactivée pour vous : il n'y a donc rien à modifier pour l'instant. Vous pouvez l'activer.",
    ),
    (
        "You can turn 2FA off yourself: confirm, then type the code sent to your current phone or email.",
        "Sie können 2FA selbst deaktivieren: Bestätigen Sie und geben Sie dann den Code ein, der an Ihr aktuelles Telefon bzw. Ihre E-Mail gesendet wurde.",
        "Vous pouvez désactiver la 2FA vous-même : confirmez, puis saisissez le code envoyé à votre téléphone ou e-mail actuel.",
    ),
    (
        "You can turn 2FA off yourself: confirm, then type the code we send to {where}. Your login will then be protected by your password only.",
        "Sie können 2FA selbst deaktivieren: Bestätigen Sie und geben Sie dann den Code ein, den wir an {where} senden. Ihre Anmeldung ist danach nur noch durch Ihr Passwort geschützt.",
        "Vous pouvez désactiver la 2FA vous-même : confirmez, puis saisissez le code que nous envoyons à {where}. Votre connexion ne sera alors protégée que par votre mot de passe.",
    ),
    (
        "2FA is already off for you.",
        "2FA ist bei Ihnen bereits deaktiviert.",
        "La 2FA est déjà désactivée pour vous.",
    ),
    (
        "Only your account manager can turn 2FA off for every user of your contract, or for another user (for example if they lost their phone). I can send them your request.",
        "Nur Ihr Account-Manager kann 2FA für alle Nutzer Ihres Vertrags oder für einen anderen Nutzer deaktivieren (etwa bei einem verlorenen Telefon). Ich kann ihm Ihre Anfrage senden.",
        "Seul votre gestionnaire de compte peut désactiver la 2FA pour tous les utilisateurs de votre contrat, ou pour un autre utilisateur (par exemple s'il a perdu son téléphone). Je peux lui transmettre votre demande.",
    ),
    (
        "As account manager you can do it yourself: open /manage to turn 2FA off for one user or for everyone.",
        "Als Account-Manager können Sie das selbst tun: Öffnen Sie /manage, um 2FA für einen Nutzer oder für alle zu deaktivieren.",
        "En tant que gestionnaire de compte, vous pouvez le faire vous-même : ouvrez /manage pour désactiver la 2FA d'un utilisateur ou de tout le monde.",
    ),
    (
        "If you no longer have the phone or email that receives your codes, your account manager can turn 2FA off for you; then set it up again with a number or address you keep. I can send them the request.",
        "Wenn Sie das Telefon oder die E-Mail-Adresse, an die Ihre Codes gehen, nicht mehr haben, kann Ihr Account-Manager 2FA für Sie deaktivieren; richten Sie sie danach mit einer Nummer oder Adresse neu ein, die Sie behalten. Ich kann ihm die Anfrage senden.",
        "Si vous n'avez plus le téléphone ou l'e-mail qui reçoit vos codes, votre gestionnaire de compte peut désactiver la 2FA pour vous ; configurez-la ensuite avec un numéro ou une adresse que vous gardez. Je peux lui transmettre la demande.",
    ),
    (
        "Yes. Besides the code itself, every time 2FA is turned on, changed or turned off we email your registered address{address}, so if someone else makes a change, you will know.",
        "Ja. Neben dem Code selbst schreiben wir bei jedem Aktivieren, Ändern oder Deaktivieren der 2FA eine E-Mail an Ihre hinterlegte Adresse{address} – ändert jemand anderes etwas, erfahren Sie es also.",
        "Oui. En plus du code lui-même, chaque fois que la 2FA est activée, modifiée ou désactivée, nous écrivons à votre adresse enregistrée{address} : si quelqu'un d'autre fait un changement, vous le saurez.",
    ),
    (
        'With 2FA on, each login asks for a one-time code (OTP), sent by SMS or email or shown by your authenticator app, on top of your password. A code works once, for 5 minutes. If you tick "Remember this device", that browser skips the code for 30 days.',
        "Mit aktivierter 2FA fragt jede Anmeldung zusätzlich zum Passwort nach einem Einmalcode (OTP), der per SMS oder E-Mail kommt oder von Ihrer Authenticator-App angezeigt wird. Ein Code gilt einmal, 5 Minuten lang. Wenn Sie „Dieses Gerät merken“ ankreuzen, braucht dieser Browser 30 Tage lang keinen Code.",
        "Avec la 2FA, chaque connexion demande, en plus de votre mot de passe, un code à usage unique (OTP) envoyé par SMS ou par e-mail, ou affiché par votre application d'authentification. Un code fonctionne une fois, pendant 5 minutes. Si vous cochez « Se souvenir de cet appareil », ce navigateur n'aura pas besoin de code pendant 30 jours.",
    ),
    (
        'Codes every day, or several times a day, usually mean your browser is not being remembered: tick "Remember this device" when you log in, and let the browser keep cookies for our site. If it keeps happening, contact support so we can check everything is working.',
        "Codes jeden Tag oder mehrmals täglich bedeuten meist, dass Ihr Browser nicht gespeichert wird: Kreuzen Sie beim Anmelden „Dieses Gerät merken“ an und lassen Sie den Browser Cookies für unsere Website behalten. Passiert es weiterhin, wenden Sie sich an den Support, damit wir prüfen, ob alles funktioniert.",
        "Des codes tous les jours, voire plusieurs fois par jour, signifient en général que votre navigateur n'est pas mémorisé : cochez « Se souvenir de cet appareil » en vous connectant, et laissez le navigateur conserver les cookies de notre site. Si cela continue, contactez le support pour que nous vérifiions que tout fonctionne.",
    ),
    (
        "If 2FA is on but a login did not ask for a code, that device may be remembered (see /devices) — or something is wrong. Send a test code to check your 2FA, and contact support so we can look into it.",
        "Wenn 2FA aktiviert ist, eine Anmeldung aber keinen Code verlangt hat, ist das Gerät vielleicht gespeichert (siehe /devices) – oder etwas stimmt nicht. Senden Sie einen Testcode, um Ihre 2FA zu prüfen, und wenden Sie sich an den Support, damit wir uns das ansehen.",
        "Si la 2FA est activée mais qu'une connexion n'a pas demandé de code, cet appareil est peut-être mémorisé (voir /devices) — ou quelque chose ne va pas. Envoyez un code de test pour vérifier votre 2FA, et contactez le support pour que nous examinions le problème.",
    ),
    (
        "Codes usually arrive within a minute. Check the number or address you entered, and for email your spam folder. If nothing arrives, ask for a new code or contact support.",
        "Codes kommen meist innerhalb einer Minute an. Prüfen Sie die eingegebene Nummer oder Adresse und bei E-Mail Ihren Spam-Ordner. Kommt nichts an, fordern Sie einen neuen Code an oder wenden Sie sich an den Support.",
        "Les codes arrivent en général en moins d'une minute. Vérifiez le numéro ou l'adresse saisis et, pour l'e-mail, votre dossier de spam. Si rien n'arrive, demandez un nouveau code ou contactez le support.",
    ),
    (
        "Your codes go to {where}. They usually arrive within a minute; for email, check your spam folder. Send a test code to check, or contact support if nothing arrives.",
        "Ihre Codes gehen an {where}. Sie kommen meist innerhalb einer Minute an; prüfen Sie bei E-Mail Ihren Spam-Ordner. Senden Sie zur Kontrolle einen Testcode oder wenden Sie sich an den Support, wenn nichts ankommt.",
        "Vos codes sont envoyés à {where}. Ils arrivent en général en moins d'une minute ; pour l'e-mail, vérifiez votre dossier de spam. Envoyez un code de test pour vérifier, ou contactez le support si rien n'arrive.",
    ),
    (
        "The code went to {masked}. It can take a minute; for email, check your spam folder. You can ask for it again after a minute, or cancel and use the other method.",
        "Der Code ging an {masked}. Das kann eine Minute dauern; prüfen Sie bei E-Mail Ihren Spam-Ordner. Nach einer Minute können Sie ihn erneut anfordern oder abbrechen und die andere Methode nutzen.",
        "Le code a été envoyé à {masked}. Cela peut prendre une minute ; pour l'e-mail, vérifiez votre dossier de spam. Vous pourrez le redemander dans une minute, ou annuler et utiliser l'autre méthode.",
    ),
    ("Here is your 2FA setting:", "Das ist Ihre 2FA-Einstellung:", "Voici votre réglage 2FA :"),
    (
        "I can help with two-factor authentication (2FA): setting it up, changing your number or email, turning it off, and questions about codes. For anything else, our support team can help.",
        "Ich helfe bei der Zwei-Faktor-Authentifizierung (2FA): beim Einrichten, beim Ändern Ihrer Nummer oder E-Mail, beim Deaktivieren und bei Fragen zu Codes. Bei allem anderen hilft Ihnen unser Support-Team.",
        "Je peux vous aider pour la double authentification (2FA) : la configurer, changer de numéro ou d'e-mail, la désactiver, et répondre à vos questions sur les codes. Pour tout le reste, notre équipe support peut vous aider.",
    ),
    (
        "No code is awaited right now: the step it was for is finished or was cancelled. Nothing was changed.",
        "Gerade wird kein Code erwartet: Der Schritt, für den er gedacht war, ist abgeschlossen oder wurde abgebrochen. Es wurde nichts geändert.",
        "Aucun code n'est attendu pour le moment : l'étape à laquelle il servait est terminée ou a été annulée. Rien n'a été modifié.",
    ),
    (
        " To begin, send /start to link this chat to your account.",
        " Senden Sie zuerst /start, um diesen Chat mit Ihrem Konto zu verknüpfen.",
        " Pour commencer, envoyez /start pour associer cette discussion à votre compte.",
    ),
    (
        " To begin, type the email address you log in with.",
        " Geben Sie zuerst die E-Mail-Adresse ein, mit der Sie sich anmelden.",
        " Pour commencer, saisissez l'adresse e-mail avec laquelle vous vous connectez.",
    ),
    (
        "Meanwhile, we are in the middle of {flow}:",
        "Übrigens läuft gerade noch Folgendes ({flow}):",
        "Au fait, une opération est en cours ({flow}) :",
    ),
    (
        "In one line, what do you need help with? I will pass it to our support team with your account details.",
        "Wobei brauchen Sie Hilfe? In einer Zeile bitte – ich gebe es mit Ihren Kontodaten an unser Support-Team weiter.",
        "En une ligne, de quoi avez-vous besoin ? Je transmettrai votre message à notre équipe support avec les informations de votre compte.",
    ),
    (
        "Ticket #{number} is open. Our support team will contact you at {email}.",
        "Ticket #{number} ist eröffnet. Unser Support-Team meldet sich unter {email} bei Ihnen.",
        "Le ticket n°{number} est ouvert. Notre équipe support vous contactera à {email}.",
    ),
    (
        "Ticket #{number} is open. Our support team will get back to you.",
        "Ticket #{number} ist eröffnet. Unser Support-Team meldet sich bei Ihnen.",
        "Le ticket n°{number} est ouvert. Notre équipe support reviendra vers vous.",
    ),
    (
        "Please describe the problem in a few words.",
        "Bitte beschreiben Sie das Problem in wenigen Worten.",
        "Décrivez le problème en quelques mots.",
    ),
    # -- texts_logins.py ---------------------------------------------------------------------------
    (
        "At {time}, a login code was sent to {masked} ({where}). Was this you?",
        "Um {time} wurde ein Anmeldecode an {masked} gesendet ({where}). Waren Sie das?",
        "À {time}, un code de connexion a été envoyé à {masked} ({where}). Était-ce vous ?",
    ),
    ("Yes, it was me", "Ja, das war ich", "Oui, c'était moi"),
    ("No, secure my account", "Nein, Konto schützen", "Non, sécuriser mon compte"),
    (
        "Thanks for confirming. Enjoy your session.",
        "Danke für Ihre Bestätigung. Sie können loslegen.",
        "Merci de votre confirmation. Bonne session !",
    ),
    (
        "That login is not one of yours, so nothing was done.",
        "Diese Anmeldung gehört nicht zu Ihnen, daher wurde nichts unternommen.",
        "Cette connexion ne vous concerne pas, rien n'a donc été fait.",
    ),
    (
        "Done: that login was stopped, every remembered device was forgotten, and no new login code will be sent before {until}. We emailed your registered address. Change your password now, and contact support if anything looks wrong.",
        "Erledigt: Diese Anmeldung wurde gestoppt, alle gespeicherten Geräte wurden vergessen, und vor {until} wird kein neuer Anmeldecode gesendet. Wir haben Ihnen an Ihre hinterlegte Adresse geschrieben. Ändern Sie jetzt Ihr Passwort und wenden Sie sich an den Support, falls Ihnen etwas seltsam vorkommt.",
        "C'est fait : cette connexion a été bloquée, tous les appareils mémorisés ont été oubliés, et aucun nouveau code de connexion ne sera envoyé avant {until}. Nous avons écrit à votre adresse enregistrée. Changez votre mot de passe maintenant, et contactez le support si quelque chose vous semble anormal.",
    ),
    (
        'You have received several login codes for the same browser recently. That browser is not being remembered: when you log in, tick "Remember this device" and make sure the browser keeps cookies for our site (private windows and cookie cleaners forget it). If it still happens, contact support and we will check that everything is working.',
        "Sie haben in letzter Zeit mehrere Anmeldecodes für denselben Browser erhalten. Dieser Browser wird nicht gespeichert: Kreuzen Sie beim Anmelden „Dieses Gerät merken“ an und sorgen Sie dafür, dass der Browser Cookies für unsere Website behält (private Fenster und Cookie-Cleaner löschen sie). Passiert es weiterhin, wenden Sie sich an den Support, und wir prüfen, ob alles funktioniert.",
        "Vous avez reçu récemment plusieurs codes de connexion pour le même navigateur. Ce navigateur n'est pas mémorisé : en vous connectant, cochez « Se souvenir de cet appareil » et vérifiez que le navigateur conserve les cookies de notre site (les fenêtres privées et les nettoyeurs de cookies les effacent). Si cela continue, contactez le support et nous vérifierons que tout fonctionne.",
    ),
    (
        "We sent a test code to {masked}. Type it here to check your 2FA works.",
        "Wir haben einen Testcode an {masked} gesendet. Geben Sie ihn hier ein, um zu prüfen, ob Ihre 2FA funktioniert.",
        "Nous avons envoyé un code de test à {masked}. Saisissez-le ici pour vérifier que votre 2FA fonctionne.",
    ),
    (
        "Your 2FA works: the code reached you at {masked}. Logins will ask for codes sent there.",
        "Ihre 2FA funktioniert: Der Code hat Sie unter {masked} erreicht. Anmeldungen fragen nach Codes, die dorthin gesendet werden.",
        "Votre 2FA fonctionne : le code vous est bien parvenu à {masked}. Les connexions demanderont des codes envoyés à cette destination.",
    ),
    (
        "You have no remembered devices: every login asks for a code.",
        "Sie haben keine gespeicherten Geräte: Jede Anmeldung fragt nach einem Code.",
        "Vous n'avez aucun appareil mémorisé : chaque connexion demande un code.",
    ),
    (
        "Remembered devices (each skips the code at login until it expires):",
        "Gespeicherte Geräte (jedes braucht bei der Anmeldung keinen Code, bis es abläuft):",
        "Appareils mémorisés (chacun se connecte sans code jusqu'à son expiration) :",
    ),
    (
        "Forgotten. That device will need a code at its next login.",
        "Vergessen. Dieses Gerät braucht bei der nächsten Anmeldung einen Code.",
        "Oublié. Cet appareil devra saisir un code à sa prochaine connexion.",
    ),
    (
        "Forgotten: every device will need a code at its next login.",
        "Vergessen: Jedes Gerät braucht bei der nächsten Anmeldung einen Code.",
        "Oubliés : chaque appareil devra saisir un code à sa prochaine connexion.",
    ),
    ("Forget all", "Alle vergessen", "Tout oublier"),
    (
        "Last login code: sent {sent}{verified}.",
        "Letzter Anmeldecode: gesendet am {sent}{verified}.",
        "Dernier code de connexion : envoyé le {sent}{verified}.",
    ),
    (
        "Your last logins came from remembered devices, so no code was needed. If a device you did not remember skipped the code, contact support.",
        "Ihre letzten Anmeldungen kamen von gespeicherten Geräten, daher war kein Code nötig. Falls ein Gerät, das Sie nicht gespeichert haben, ohne Code durchkam, wenden Sie sich an den Support.",
        "Vos dernières connexions venaient d'appareils mémorisés, aucun code n'a donc été nécessaire. Si un appareil que vous n'avez pas mémorisé s'est connecté sans code, contactez le support.",
    ),
    # -- texts_managers.py -------------------------------------------------------------------------
    (
        "Our support team can help with anything about your login and 2FA. Reply to any of our emails or write to support, and mention that you talked to the assistant.",
        "Unser Support-Team hilft bei allen Fragen zu Ihrer Anmeldung und 2FA. Antworten Sie auf eine unserer E-Mails oder schreiben Sie an den Support, und erwähnen Sie, dass Sie mit dem Assistenten gesprochen haben.",
        "Notre équipe support peut vous aider pour tout ce qui concerne votre connexion et la 2FA. Répondez à l'un de nos e-mails ou écrivez au support, en précisant que vous avez échangé avec l'assistant.",
    ),
    (
        "Reason given: {reason}. Your login is now protected by your password only. Please set up 2FA again as soon as you can: in the assistant chat send /enable, or go to My profile > Two-Factor Authentication.",
        "Angegebener Grund: {reason}. Ihre Anmeldung ist jetzt nur noch durch Ihr Passwort geschützt. Bitte richten Sie 2FA so bald wie möglich wieder ein: Senden Sie im Assistenten-Chat /enable oder gehen Sie zu Mein Profil > Zwei-Faktor-Authentifizierung.",
        "Motif indiqué : {reason}. Votre connexion n'est plus protégée que par votre mot de passe. Réactivez la 2FA dès que possible : envoyez /enable dans la discussion avec l'assistant, ou allez dans Mon profil > Double authentification.",
    ),
    (
        "Your account manager {manager} turned off 2FA for your account (reason: {reason}). Your login is protected by your password only: please set up 2FA again.",
        "Ihr Account-Manager {manager} hat 2FA für Ihr Konto deaktiviert (Grund: {reason}). Ihre Anmeldung ist nur noch durch Ihr Passwort geschützt: Bitte richten Sie 2FA wieder ein.",
        "Votre gestionnaire de compte {manager} a désactivé la 2FA de votre compte (motif : {reason}). Votre connexion n'est protégée que par votre mot de passe : configurez à nouveau la 2FA.",
    ),
    (
        "Only account managers can use /manage. To ask your account manager for help, send /request.",
        "Nur Account-Manager können /manage verwenden. Um Ihren Account-Manager um Hilfe zu bitten, senden Sie /request.",
        "Seuls les gestionnaires de compte peuvent utiliser /manage. Pour demander de l'aide à votre gestionnaire de compte, envoyez /request.",
    ),
    (
        "Contract {contract}: 2FA of each user",
        "Vertrag {contract}: 2FA aller Nutzer",
        "Contrat {contract} : 2FA de chaque utilisateur",
    ),
    ("• {name} <{email}>: {state}", "• {name} <{email}>: {state}", "• {name} <{email}> : {state}"),
    ("No open requests.", "Keine offenen Anfragen.", "Aucune demande en attente."),
    (
        "To act for your contract, first turn on 2FA for yourself: actions are confirmed with a code.",
        "Um für Ihren Vertrag zu handeln, aktivieren Sie zuerst 2FA für sich selbst: Aktionen werden mit einem Code bestätigt.",
        "Pour agir pour votre contrat, activez d'abord la 2FA pour vous-même : les actions sont confirmées par un code.",
    ),
    (
        "Why is 2FA being turned off {target}? Choose a reason or type your own.",
        "Warum wird 2FA {target} deaktiviert? Wählen Sie einen Grund oder geben Sie einen eigenen ein.",
        "Pourquoi désactiver la 2FA {target} ? Choisissez un motif ou saisissez le vôtre.",
    ),
    (
        "To confirm, type the code we sent to {masked}.",
        "Geben Sie zur Bestätigung den Code ein, den wir an {masked} gesendet haben.",
        "Pour confirmer, saisissez le code envoyé à {masked}.",
    ),
    (
        "2FA was not on for {target}, so nothing changed.",
        "2FA war für {target} nicht aktiviert, daher hat sich nichts geändert.",
        "La 2FA n'était pas activée pour {target}, rien n'a donc changé.",
    ),
    (
        " Your own 2FA stays on; to turn it off as well, send /disable.",
        " Ihre eigene 2FA bleibt aktiviert; um auch sie zu deaktivieren, senden Sie /disable.",
        " Votre propre 2FA reste activée ; pour la désactiver aussi, envoyez /disable.",
    ),
    (
        "You can act only on the contracts you manage. This attempt was recorded.",
        "Sie können nur für Verträge handeln, die Sie verwalten. Dieser Versuch wurde protokolliert.",
        "Vous ne pouvez agir que sur les contrats que vous gérez. Cette tentative a été enregistrée.",
    ),
    (
        "That request is no longer open (it was decided already or expired after 7 days).",
        "Diese Anfrage ist nicht mehr offen (sie wurde bereits entschieden oder ist nach 7 Tagen abgelaufen).",
        "Cette demande n'est plus ouverte (elle a déjà été traitée ou a expiré au bout de 7 jours).",
    ),
    (
        "Request #{number} declined. The requester was told.",
        "Anfrage #{number} abgelehnt. Die anfragende Person wurde informiert.",
        "Demande n°{number} refusée. Le demandeur a été prévenu.",
    ),
    ("Approve", "Genehmigen", "Approuver"),
    ("Decline", "Ablehnen", "Refuser"),
    ("Turn off for {name}", "Für {name} deaktivieren", "Désactiver pour {name}"),
    ("Turn off for everyone", "Für alle deaktivieren", "Désactiver pour tous"),
    ("Type a reason", "Grund eingeben", "Saisir un motif"),
    (
        "Your account manager can turn 2FA off, for example if you no longer have access to your phone or email. For whom?",
        "Ihr Account-Manager kann 2FA deaktivieren, etwa wenn Sie keinen Zugriff mehr auf Ihr Telefon oder Ihre E-Mail haben. Für wen?",
        "Votre gestionnaire de compte peut désactiver la 2FA, par exemple si vous n'avez plus accès à votre téléphone ou à votre e-mail. Pour qui ?",
    ),
    ("For me", "Für mich", "Pour moi"),
    ("For another user", "Für einen anderen Nutzer", "Pour un autre utilisateur"),
    ("For everyone in my contract", "Für alle in meinem Vertrag", "Pour tout mon contrat"),
    (
        "Type the email address of the user whose 2FA should be turned off.",
        "Geben Sie die E-Mail-Adresse des Nutzers ein, dessen 2FA deaktiviert werden soll.",
        "Saisissez l'adresse e-mail de l'utilisateur dont la 2FA doit être désactivée.",
    ),
    (
        "There is no user with that email in your contract. Type another, or tap Cancel.",
        "In Ihrem Vertrag gibt es keinen Nutzer mit dieser E-Mail-Adresse. Geben Sie eine andere ein oder tippen Sie auf „Abbrechen“.",
        "Aucun utilisateur de votre contrat n'a cette adresse e-mail. Saisissez-en une autre, ou appuyez sur Annuler.",
    ),
    (
        "In a few words, why should 2FA be turned off?",
        "Warum soll 2FA deaktiviert werden? Bitte in wenigen Worten.",
        "En quelques mots, pourquoi désactiver la 2FA ?",
    ),
    (
        "2FA is off for your account already, so there is nothing to ask.",
        "2FA ist für Ihr Konto bereits deaktiviert, es gibt also nichts anzufragen.",
        "La 2FA est déjà désactivée pour votre compte : il n'y a rien à demander.",
    ),
    (
        "To show it is you, type the code we sent to your registered email {masked}.",
        "Um zu zeigen, dass Sie es sind, geben Sie den Code ein, den wir an Ihre hinterlegte E-Mail-Adresse {masked} gesendet haben.",
        "Pour prouver que c'est bien vous, saisissez le code envoyé à votre adresse e-mail enregistrée {masked}.",
    ),
    (
        "Request #{number} is with your account manager{managers}. You will hear back here and by email.",
        "Anfrage #{number} liegt bei Ihrem Account-Manager{managers}. Sie erhalten die Antwort hier und per E-Mail.",
        "La demande n°{number} a été transmise à votre gestionnaire de compte{managers}. Vous aurez la réponse ici et par e-mail.",
    ),
    (
        " Because your codes go to your registered email, we could not check it is you by email: your manager will confirm your identity another way.",
        " Da Ihre Codes an Ihre hinterlegte E-Mail-Adresse gehen, konnten wir Ihre Identität nicht per E-Mail prüfen: Ihr Manager wird sie auf anderem Weg bestätigen.",
        " Comme vos codes arrivent sur votre adresse e-mail enregistrée, nous n'avons pas pu vérifier votre identité par e-mail : votre gestionnaire la confirmera autrement.",
    ),
    (
        " Your account manager does not use this assistant yet, so we emailed them.",
        " Ihr Account-Manager nutzt diesen Assistenten noch nicht, daher haben wir ihm eine E-Mail geschickt.",
        " Votre gestionnaire de compte n'utilise pas encore cet assistant : nous lui avons donc envoyé un e-mail.",
    ),
    (
        "Your contract has no account manager registered, so the request could not be sent. Please contact support.",
        "Für Ihren Vertrag ist kein Account-Manager hinterlegt, daher konnte die Anfrage nicht gesendet werden. Bitte wenden Sie sich an den Support.",
        "Aucun gestionnaire de compte n'est enregistré pour votre contrat : la demande n'a donc pas pu être envoyée. Contactez le support.",
    ),
    (
        "Your request #{number} was approved by {manager}: 2FA is now off. Please set it up again when you can (/enable).",
        "Ihre Anfrage #{number} wurde von {manager} genehmigt: 2FA ist jetzt deaktiviert. Bitte richten Sie sie bald wieder ein (/enable).",
        "Votre demande n°{number} a été approuvée par {manager} : la 2FA est maintenant désactivée. Configurez-la à nouveau dès que possible (/enable).",
    ),
    (
        "Your request #{number} was declined by {manager}. Contact them if you need to talk it over.",
        "Ihre Anfrage #{number} wurde von {manager} abgelehnt. Sprechen Sie {manager} an, wenn Sie darüber reden möchten.",
        "Votre demande n°{number} a été refusée par {manager}. Contactez cette personne si vous souhaitez en discuter.",
    ),
    (
        "Your request to your account manager",
        "Ihre Anfrage an Ihren Account-Manager",
        "Votre demande à votre gestionnaire de compte",
    ),
    (
        "Let's finish what we are doing first (or send /cancel), then press that button again.",
        "Bringen wir erst zu Ende, was wir gerade tun (oder senden Sie /cancel), und tippen Sie dann erneut auf die Schaltfläche.",
        "Terminons d'abord ce que nous faisons (ou envoyez /cancel), puis appuyez à nouveau sur ce bouton.",
    ),
    ("Ask my account manager", "Meinen Account-Manager fragen", "Demander à mon gestionnaire"),
    ("Manage my contract", "Meinen Vertrag verwalten", "Gérer mon contrat"),
    ("Contact support", "Support kontaktieren", "Contacter le support"),
    ("Send a test code", "Testcode senden", "Envoyer un code de test"),
    ("My remembered devices", "Meine gespeicherten Geräte", "Mes appareils mémorisés"),
    # -- domain/core/commands.py: the command menu ("/name – description") -------------------------
    (
        "your account and 2FA setting",
        "Ihr Konto und Ihre 2FA-Einstellung",
        "votre compte et votre réglage 2FA",
    ),
    (
        "turn on 2FA (SMS, email or an authenticator app)",
        "2FA aktivieren (SMS, E-Mail oder Authenticator-App)",
        "activer la 2FA (SMS, e-mail ou application d'authentification)",
    ),
    (
        "change your number or email, or switch between SMS and email",
        "Nummer oder E-Mail ändern oder zwischen SMS und E-Mail wechseln",
        "changer de numéro ou d'e-mail, ou passer des SMS à l'e-mail",
    ),
    (
        "send a test code to check your 2FA works",
        "Testcode senden, um Ihre 2FA zu prüfen",
        "envoyer un code de test pour vérifier votre 2FA",
    ),
    (
        "remembered devices (they skip the code at login)",
        "gespeicherte Geräte (ohne Code bei der Anmeldung)",
        "appareils mémorisés (connexion sans code)",
    ),
    (
        "new recovery codes, for the day you lose your phone or 2FA email",
        "neue Wiederherstellungscodes, für den Fall, dass Sie Telefon oder 2FA-E-Mail verlieren",
        "nouveaux codes de secours, pour le jour où vous perdez votre téléphone ou votre e-mail 2FA",
    ),
    (
        "lost your phone or 2FA email? Use a recovery code",
        "Telefon oder 2FA-E-Mail verloren? Wiederherstellungscode verwenden",
        "téléphone ou e-mail 2FA perdu ? Utilisez un code de secours",
    ),
    (
        "ask your account manager to turn 2FA off (lost phone or email)",
        "Account-Manager bitten, 2FA zu deaktivieren (Telefon oder E-Mail verloren)",
        "demander à votre gestionnaire de désactiver la 2FA (téléphone ou e-mail perdu)",
    ),
    (
        "for account managers: your contract's users and requests",
        "für Account-Manager: Nutzer und Anfragen Ihres Vertrags",
        "pour les gestionnaires de compte : utilisateurs et demandes de votre contrat",
    ),
    ("write to our support team", "an unser Support-Team schreiben", "écrire à notre équipe support"),
    ("stop what we are doing", "laufenden Vorgang abbrechen", "arrêter l'opération en cours"),
    ("what I can do (this list)", "was ich kann (diese Liste)", "ce que je sais faire (cette liste)"),
    (
        "link this chat to your account",
        "diesen Chat mit Ihrem Konto verknüpfen",
        "associer cette discussion à votre compte",
    ),
]

ENTRIES += [
    # -- texts_codes.py: the code's SMS or email, refusals, a wrong code ---------------------------
    ("Your code {purpose}", "Ihr Code {purpose}", "Votre code {purpose}"),
    (
        "{code} is your {product} code {purpose}. Valid for {minutes} minute. If you did not ask for it, ignore this message.",
        (
            "{code} ist Ihr {product}-Code {purpose}. {minutes} Minute gültig. Nicht angefordert? Dann einfach ignorieren.",
            "{code} ist Ihr {product}-Code {purpose}. {minutes} Minuten gültig. Nicht angefordert? Dann einfach ignorieren.",
        ),
        (
            "{code} est votre code {product} {purpose}. Valable {minutes} min. Si vous ne l'avez pas demandé, ignorez-le.",
            "{code} est votre code {product} {purpose}. Valable {minutes} min. Si vous ne l'avez pas demandé, ignorez-le.",
            "{code} est votre code {product} {purpose}. Valable {minutes} min. Si vous ne l'avez pas demandé, ignorez-le.",
        ),
    ),
    (
        "Too many wrong codes were typed for this account. New codes are blocked until later.",
        "Für dieses Konto wurden zu viele falsche Codes eingegeben. Neue Codes sind vorerst gesperrt.",
        "Trop de codes erronés ont été saisis pour ce compte. Les nouveaux codes sont bloqués pour le moment.",
    ),
    (
        "Too many wrong codes were typed for this account. New codes are blocked until {time}.",
        "Für dieses Konto wurden zu viele falsche Codes eingegeben. Neue Codes sind bis {time} gesperrt.",
        "Trop de codes erronés ont été saisis pour ce compte. Les nouveaux codes sont bloqués jusqu'à {time}.",
    ),
    (
        "The code was sent a moment ago. You can ask for it again later.",
        "Der Code wurde gerade erst gesendet. Sie können ihn später erneut anfordern.",
        "Le code vient d'être envoyé. Vous pourrez le redemander plus tard.",
    ),
    (
        "The code was sent a moment ago. You can ask for it again after {time}.",
        "Der Code wurde gerade erst gesendet. Sie können ihn ab {time} erneut anfordern.",
        "Le code vient d'être envoyé. Vous pourrez le redemander après {time}.",
    ),
    (
        "The code was sent a moment ago. You can ask for it again in {seconds} second.",
        (
            "Der Code wurde gerade erst gesendet. Sie können ihn in {seconds} Sekunde erneut anfordern.",
            "Der Code wurde gerade erst gesendet. Sie können ihn in {seconds} Sekunden erneut anfordern.",
        ),
        (
            "Le code vient d'être envoyé. Vous pourrez le redemander dans {seconds} seconde.",
            "Le code vient d'être envoyé. Vous pourrez le redemander dans {seconds} secondes.",
            "Le code vient d'être envoyé. Vous pourrez le redemander dans {seconds} secondes.",
        ),
    ),
    (
        "Too many codes were sent in a short time. You can ask for a new one later.",
        "In kurzer Zeit wurden zu viele Codes gesendet. Sie können später einen neuen anfordern.",
        "Trop de codes ont été envoyés en peu de temps. Vous pourrez en demander un nouveau plus tard.",
    ),
    (
        "Too many codes were sent in a short time. You can ask for a new one after {time}.",
        "In kurzer Zeit wurden zu viele Codes gesendet. Sie können ab {time} einen neuen anfordern.",
        "Trop de codes ont été envoyés en peu de temps. Vous pourrez en demander un nouveau après {time}.",
    ),
    (
        "Too many codes were sent in a short time. You can ask for a new one in {seconds} second.",
        (
            "In kurzer Zeit wurden zu viele Codes gesendet. Sie können in {seconds} Sekunde einen neuen anfordern.",
            "In kurzer Zeit wurden zu viele Codes gesendet. Sie können in {seconds} Sekunden einen neuen anfordern.",
        ),
        (
            "Trop de codes ont été envoyés en peu de temps. Vous pourrez en demander un nouveau dans {seconds} seconde.",
            "Trop de codes ont été envoyés en peu de temps. Vous pourrez en demander un nouveau dans {seconds} secondes.",
            "Trop de codes ont été envoyés en peu de temps. Vous pourrez en demander un nouveau dans {seconds} secondes.",
        ),
    ),
    (
        "This code has expired. Ask for a new code.",
        "Dieser Code ist abgelaufen. Fordern Sie einen neuen Code an.",
        "Ce code a expiré. Demandez-en un nouveau.",
    ),
    ("This code is no longer active.", "Dieser Code ist nicht mehr gültig.", "Ce code n'est plus actif."),
    (
        "That code is not right. {left} try left.",
        (
            "Dieser Code ist nicht richtig. Noch {left} Versuch.",
            "Dieser Code ist nicht richtig. Noch {left} Versuche.",
        ),
        (
            "Ce code n'est pas le bon. Il vous reste {left} essai.",
            "Ce code n'est pas le bon. Il vous reste {left} essais.",
            "Ce code n'est pas le bon. Il vous reste {left} essais.",
        ),
    ),
    # -- texts.py: /status -------------------------------------------------------------------------
    ("Account: {name} ({email})", "Konto: {name} ({email})", "Compte : {name} ({email})"),
    ("Contract: {name}", "Vertrag: {name}", "Contrat : {name}"),
    ("Contract: unknown", "Vertrag: unbekannt", "Contrat : inconnu"),
    ("Role: account manager", "Rolle: Account-Manager", "Rôle : gestionnaire de compte"),
    ("Role: member", "Rolle: Mitglied", "Rôle : membre"),
    (
        "2FA: on, codes by {method} to {masked}.",
        "2FA: aktiviert, Codes per {method} an {masked}.",
        "2FA : activée, codes par {method} à {masked}.",
    ),
    (
        "2FA: on, codes by {method} to {masked} since {date}.",
        "2FA: aktiviert, Codes per {method} an {masked} seit {date}.",
        "2FA : activée, codes par {method} à {masked} depuis le {date}.",
    ),
    (
        "2FA: on, sign-ins approved in {masked}.",
        "2FA: aktiviert, Anmeldungen werden in {masked} bestätigt.",
        "2FA : activée, connexions approuvées dans {masked}.",
    ),
    (
        "2FA: on, sign-ins approved in {masked} since {date}.",
        "2FA: aktiviert, Anmeldungen werden seit {date} in {masked} bestätigt.",
        "2FA : activée, connexions approuvées dans {masked} depuis le {date}.",
    ),
    (
        "2FA: on, codes from your {masked}.",
        "2FA: aktiviert, Codes aus Ihrer {masked}.",
        "2FA : activée, codes de votre {masked}.",
    ),
    (
        "2FA: on, codes from your {masked} since {date}.",
        "2FA: aktiviert, Codes aus Ihrer {masked} seit {date}.",
        "2FA : activée, codes de votre {masked} depuis le {date}.",
    ),
    (
        "Every login asks you here to tap the number the login page shows.",
        "Bei jeder Anmeldung tippen Sie hier auf die Zahl, die die Anmeldeseite zeigt.",
        "À chaque connexion, vous appuyez ici sur le nombre affiché par la page de connexion.",
    ),
    (
        "Every login asks for a code.",
        "Jede Anmeldung fragt nach einem Code.",
        "Chaque connexion demande un code.",
    ),
    (
        "2FA: off. Your login is protected by your password only.",
        "2FA: deaktiviert. Ihre Anmeldung ist nur durch Ihr Passwort geschützt.",
        "2FA : désactivée. Votre connexion n'est protégée que par votre mot de passe.",
    ),
    # -- /language ---------------------------------------------------------------------------------
    (
        "Which language should I speak?",
        "In welcher Sprache soll ich sprechen?",
        "Dans quelle langue dois-je vous parler ?",
    ),
    (
        "From now on I will speak {language} here, and your emails from us will be in {language} too.",
        "Ab jetzt spreche ich hier {language}, und auch Ihre E-Mails von uns kommen auf {language}.",
        "Désormais, je vous parlerai ici en {language}, et nos e-mails vous seront aussi envoyés en {language}.",
    ),
    (
        "the language I speak (English, Español, Deutsch, Português, Français)",
        "die Sprache, die ich spreche (English, Español, Deutsch, Português, Français)",
        "la langue que je parle (English, Español, Deutsch, Português, Français)",
    ),
    # -- texts_twofa.py: notices -------------------------------------------------------------------
    ("Hello {name},", "Hallo {name},", "Bonjour {name},"),
    (
        "Two-factor authentication was turned on",
        "Zwei-Faktor-Authentifizierung wurde aktiviert",
        "La double authentification a été activée",
    ),
    (
        "Your two-factor authentication setting was changed",
        "Ihre Einstellung zur Zwei-Faktor-Authentifizierung wurde geändert",
        "Votre réglage de double authentification a été modifié",
    ),
    (
        "Two-factor authentication was turned off",
        "Zwei-Faktor-Authentifizierung wurde deaktiviert",
        "La double authentification a été désactivée",
    ),
    (
        "On {date} at {time}, two-factor authentication (2FA) for your account was enabled {channel}.",
        "Am {date} um {time} wurde die Zwei-Faktor-Authentifizierung (2FA) für Ihr Konto {channel} aktiviert.",
        "Le {date} à {time}, la double authentification (2FA) de votre compte a été activée {channel}.",
    ),
    (
        "On {date} at {time}, two-factor authentication (2FA) for your account was changed {channel}.",
        "Am {date} um {time} wurde die Zwei-Faktor-Authentifizierung (2FA) für Ihr Konto {channel} geändert.",
        "Le {date} à {time}, la double authentification (2FA) de votre compte a été modifiée {channel}.",
    ),
    (
        "On {date} at {time}, two-factor authentication (2FA) for your account was disabled {channel}.",
        "Am {date} um {time} wurde die Zwei-Faktor-Authentifizierung (2FA) für Ihr Konto {channel} deaktiviert.",
        "Le {date} à {time}, la double authentification (2FA) de votre compte a été désactivée {channel}.",
    ),
    ("Before: {setting}", "Vorher: {setting}", "Avant : {setting}"),
    ("Now: {setting}", "Jetzt: {setting}", "Maintenant : {setting}"),
    (
        "If this was you, there is nothing more to do.",
        "Wenn Sie das waren, müssen Sie nichts weiter tun.",
        "Si c'était vous, vous n'avez rien d'autre à faire.",
    ),
    (
        "If it was not you, contact support straight away, change your password, and ask your account manager to check your account.",
        "Wenn Sie es nicht waren, wenden Sie sich sofort an den Support, ändern Sie Ihr Passwort und bitten Sie Ihren Account-Manager, Ihr Konto zu überprüfen.",
        "Si ce n'était pas vous, contactez immédiatement le support, changez votre mot de passe et demandez à votre gestionnaire de compte de vérifier votre compte.",
    ),
    (
        "If this was not you, contact support straight away, change your password, and ask your account manager to check your account.",
        "Wenn Sie das nicht waren, wenden Sie sich sofort an den Support, ändern Sie Ihr Passwort und bitten Sie Ihren Account-Manager, Ihr Konto zu überprüfen.",
        "Si ce n'était pas vous, contactez immédiatement le support, changez votre mot de passe et demandez à votre gestionnaire de compte de vérifier votre compte.",
    ),
    (
        "Your 2FA assistant chat was linked to a new chat",
        "Ihr Konto wurde mit einem neuen Chat des 2FA-Assistenten verknüpft",
        "Votre compte a été associé à une nouvelle discussion avec l'assistant 2FA",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} your account was linked to a new chat ({chat}). The chat linked before no longer acts for your account.\n\nIf this was not you, contact support straight away and change your password.",
        "Hallo {name},\n\nam {date} um {time} wurde Ihr Konto mit einem neuen Chat verknüpft ({chat}). Der bisher verknüpfte Chat handelt nicht mehr für Ihr Konto.\n\nWenn Sie das nicht waren, wenden Sie sich sofort an den Support und ändern Sie Ihr Passwort.",
        "Bonjour {name},\n\nLe {date} à {time}, votre compte a été associé à une nouvelle discussion ({chat}). La discussion associée auparavant n'agit plus pour votre compte.\n\nSi ce n'était pas vous, contactez immédiatement le support et changez votre mot de passe.",
    ),
    (
        "A chat was unlinked from your account",
        "Ein Chat wurde von Ihrem Konto getrennt",
        "Une discussion a été dissociée de votre compte",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} the chat that was linked to your account was linked to another account, so it no longer acts for yours.\n\nIf this was not you, contact support.",
        "Hallo {name},\n\nam {date} um {time} wurde der Chat, der mit Ihrem Konto verknüpft war, mit einem anderen Konto verknüpft; er handelt daher nicht mehr für Ihres.\n\nWenn Sie das nicht waren, wenden Sie sich an den Support.",
        "Bonjour {name},\n\nLe {date} à {time}, la discussion associée à votre compte a été associée à un autre compte : elle n'agit donc plus pour le vôtre.\n\nSi ce n'était pas vous, contactez le support.",
    ),
    (
        "Sorry, we cannot send SMS codes to numbers in {country} yet. You can type another mobile number, or get your codes by email, which works everywhere.",
        "Leider können wir an Nummern in folgendem Land noch keine SMS-Codes senden: {country}. Sie können eine andere Mobilnummer eingeben oder Ihre Codes per E-Mail erhalten – das funktioniert überall.",
        "Désolé, nous ne pouvons pas encore envoyer de codes par SMS aux numéros de ce pays : {country}. Vous pouvez saisir un autre numéro de mobile, ou recevoir vos codes par e-mail, qui fonctionne partout.",
    ),
]

ENTRIES += [
    # -- texts_recovery.py: the set, the status line, the notices ----------------------------------
    (
        "You have no recovery codes left.",
        "Sie haben keine Wiederherstellungscodes mehr.",
        "Il ne vous reste aucun code de secours.",
    ),
    (
        "You have {count} recovery code left.",
        ("Sie haben noch {count} Wiederherstellungscode.", "Sie haben noch {count} Wiederherstellungscodes."),
        (
            "Il vous reste {count} code de secours.",
            "Il vous reste {count} codes de secours.",
            "Il vous reste {count} codes de secours.",
        ),
    ),
    (
        "Two or fewer remain: make a new set in your 2FA assistant chat while you can still sign in.",
        "Es sind nur noch zwei oder weniger übrig: Erstellen Sie im Chat mit dem 2FA-Assistenten neue Codes, solange Sie sich noch anmelden können.",
        "Deux codes ou moins restants : créez-en de nouveaux dans votre discussion avec l'assistant 2FA tant que vous pouvez encore vous connecter.",
    ),
    (
        "Your recovery codes. Each one works once, in place of a code, if you ever lose your phone or your 2FA email:\n\n{codes}\n\nKeep them somewhere safe, such as a password manager. They are shown only this once; any earlier set no longer works.",
        "Ihre Wiederherstellungscodes. Jeder funktioniert einmal anstelle eines Codes, falls Sie Ihr Telefon oder Ihre 2FA-E-Mail verlieren:\n\n{codes}\n\nBewahren Sie sie sicher auf, zum Beispiel in einem Passwort-Manager. Sie werden nur dieses eine Mal angezeigt; frühere Codes gelten nicht mehr.",
        "Vos codes de secours. Chacun fonctionne une fois, à la place d'un code, si vous perdez un jour votre téléphone ou votre e-mail 2FA :\n\n{codes}\n\nConservez-les en lieu sûr, par exemple dans un gestionnaire de mots de passe. Ils ne s'affichent que cette fois ; les anciens codes ne fonctionnent plus.",
    ),
    (
        "Recovery codes: none. Get a set, for the day you lose your phone or 2FA email.",
        "Wiederherstellungscodes: keine. Holen Sie sich welche, für den Fall, dass Sie Telefon oder 2FA-E-Mail verlieren.",
        "Codes de secours : aucun. Obtenez-en, pour le jour où vous perdriez votre téléphone ou votre e-mail 2FA.",
    ),
    (
        "New recovery codes were made for your account",
        "Für Ihr Konto wurden neue Wiederherstellungscodes erstellt",
        "De nouveaux codes de secours ont été créés pour votre compte",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} a new set of recovery codes was made for your account. The codes you had before no longer work.\n\nIf this was not you, contact support straight away and change your password.",
        "Hallo {name},\n\nam {date} um {time} wurden für Ihr Konto neue Wiederherstellungscodes erstellt. Ihre bisherigen Codes gelten nicht mehr.\n\nWenn Sie das nicht waren, wenden Sie sich sofort an den Support und ändern Sie Ihr Passwort.",
        "Bonjour {name},\n\nLe {date} à {time}, de nouveaux codes de secours ont été créés pour votre compte. Vos anciens codes ne fonctionnent plus.\n\nSi ce n'était pas vous, contactez immédiatement le support et changez votre mot de passe.",
    ),
    (
        "A recovery code was used on your account",
        "Ein Wiederherstellungscode Ihres Kontos wurde verwendet",
        "Un code de secours de votre compte a été utilisé",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} one of your recovery codes was used to sign in. That code no longer works. {left}",
        "Hallo {name},\n\nam {date} um {time} wurde einer Ihrer Wiederherstellungscodes zur Anmeldung verwendet. Dieser Code gilt nicht mehr. {left}",
        "Bonjour {name},\n\nLe {date} à {time}, l'un de vos codes de secours a été utilisé pour vous connecter. Ce code ne fonctionne plus. {left}",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} one of your recovery codes was used in your 2FA assistant chat. That code no longer works. {left}",
        "Hallo {name},\n\nam {date} um {time} wurde einer Ihrer Wiederherstellungscodes im Chat mit dem 2FA-Assistenten verwendet. Dieser Code gilt nicht mehr. {left}",
        "Bonjour {name},\n\nLe {date} à {time}, l'un de vos codes de secours a été utilisé dans votre discussion avec l'assistant 2FA. Ce code ne fonctionne plus. {left}",
    ),
    # -- texts_logins.py: devices, blocked codes, notices ------------------------------------------
    (
        "{number}. {device} ({ip}), remembered {created}, last used {date} {time}",
        "{number}. {device} ({ip}), gespeichert am {created}, zuletzt genutzt am {date} {time}",
        "{number}. {device} ({ip}), mémorisé le {created}, dernière utilisation le {date} à {time}",
    ),
    (
        "{number}. {device} ({ip}), remembered {created}, not used since {date} {time}",
        "{number}. {device} ({ip}), gespeichert am {created}, seit {date} {time} nicht genutzt",
        "{number}. {device} ({ip}), mémorisé le {created}, inutilisé depuis le {date} à {time}",
    ),
    (
        "{number}. {device}, remembered {created}, last used {date} {time}",
        "{number}. {device}, gespeichert am {created}, zuletzt genutzt am {date} {time}",
        "{number}. {device}, mémorisé le {created}, dernière utilisation le {date} à {time}",
    ),
    (
        "{number}. {device}, remembered {created}, not used since {date} {time}",
        "{number}. {device}, gespeichert am {created}, seit {date} {time} nicht genutzt",
        "{number}. {device}, mémorisé le {created}, inutilisé depuis le {date} à {time}",
    ),
    (
        "A login to your account was stopped",
        "Eine Anmeldung bei Ihrem Konto wurde gestoppt",
        "Une connexion à votre compte a été bloquée",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} you told us in the assistant chat that a login ({where}) was not you. We stopped it, forgot every remembered device, and will send no login code before {until}.\n\nChange your password now. If you need help, contact support.",
        "Hallo {name},\n\nam {date} um {time} haben Sie uns im Assistenten-Chat mitgeteilt, dass eine Anmeldung ({where}) nicht von Ihnen kam. Wir haben sie gestoppt, alle gespeicherten Geräte vergessen und senden vor {until} keinen Anmeldecode.\n\nÄndern Sie jetzt Ihr Passwort. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
        "Bonjour {name},\n\nLe {date} à {time}, vous nous avez indiqué dans la discussion avec l'assistant qu'une connexion ({where}) n'était pas de vous. Nous l'avons bloquée, avons oublié tous les appareils mémorisés et n'enverrons aucun code de connexion avant {until}.\n\nChangez votre mot de passe maintenant. Si vous avez besoin d'aide, contactez le support.",
    ),
    (
        "At {time}, {failures} wrong code in a row was typed at the sign-in page for your account, so login codes are blocked for sign-ins from that network until {until}. If that was you, wait until then and type the newest code. If it was not you, someone knows your password: change it now.",
        (
            "Um {time} wurde auf der Anmeldeseite für Ihr Konto {failures} falscher Code in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen aus diesem Netzwerk bis {until} gesperrt. Wenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt.",
            "Um {time} wurden auf der Anmeldeseite für Ihr Konto {failures} falsche Codes in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen aus diesem Netzwerk bis {until} gesperrt. Wenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt.",
        ),
        (
            "À {time}, {failures} code erroné a été saisi d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions depuis ce réseau jusqu'à {until}. Si c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant.",
            "À {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions depuis ce réseau jusqu'à {until}. Si c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant.",
            "À {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions depuis ce réseau jusqu'à {until}. Si c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant.",
        ),
    ),
    (
        "At {time}, {failures} wrong code in a row was typed at the sign-in page for your account, so login codes are blocked for sign-ins through that sign-in page until {until}. If that was you, wait until then and type the newest code. If it was not you, someone knows your password: change it now.",
        (
            "Um {time} wurde auf der Anmeldeseite für Ihr Konto {failures} falscher Code in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen über diese Anmeldeseite bis {until} gesperrt. Wenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt.",
            "Um {time} wurden auf der Anmeldeseite für Ihr Konto {failures} falsche Codes in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen über diese Anmeldeseite bis {until} gesperrt. Wenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt.",
        ),
        (
            "À {time}, {failures} code erroné a été saisi d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions passant par cette page jusqu'à {until}. Si c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant.",
            "À {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions passant par cette page jusqu'à {until}. Si c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant.",
            "À {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions passant par cette page jusqu'à {until}. Si c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant.",
        ),
    ),
    (
        "Login codes for your account were blocked for a while",
        "Anmeldecodes für Ihr Konto wurden vorübergehend gesperrt",
        "Les codes de connexion de votre compte ont été bloqués temporairement",
    ),
    (
        "Hello {name},\n\nOn {date} at {time}, {failures} wrong code in a row was typed at the sign-in page for your account, so login codes are blocked for sign-ins from that network until {until}. More wrong codes block them again, for longer each time.\n\nIf that was you, wait until then and type the newest code. If it was not you, someone knows your password: change it now. If you need help, contact support.",
        (
            "Hallo {name},\n\nam {date} um {time} wurde auf der Anmeldeseite für Ihr Konto {failures} falscher Code in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen aus diesem Netzwerk bis {until} gesperrt. Weitere falsche Codes sperren sie erneut, jedes Mal länger.\n\nWenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
            "Hallo {name},\n\nam {date} um {time} wurden auf der Anmeldeseite für Ihr Konto {failures} falsche Codes in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen aus diesem Netzwerk bis {until} gesperrt. Weitere falsche Codes sperren sie erneut, jedes Mal länger.\n\nWenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
        ),
        (
            "Bonjour {name},\n\nLe {date} à {time}, {failures} code erroné a été saisi d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions depuis ce réseau jusqu'à {until}. D'autres codes erronés les bloqueront à nouveau, chaque fois plus longtemps.\n\nSi c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant. Si vous avez besoin d'aide, contactez le support.",
            "Bonjour {name},\n\nLe {date} à {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions depuis ce réseau jusqu'à {until}. D'autres codes erronés les bloqueront à nouveau, chaque fois plus longtemps.\n\nSi c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant. Si vous avez besoin d'aide, contactez le support.",
            "Bonjour {name},\n\nLe {date} à {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions depuis ce réseau jusqu'à {until}. D'autres codes erronés les bloqueront à nouveau, chaque fois plus longtemps.\n\nSi c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant. Si vous avez besoin d'aide, contactez le support.",
        ),
    ),
    (
        "Hello {name},\n\nOn {date} at {time}, {failures} wrong code in a row was typed at the sign-in page for your account, so login codes are blocked for sign-ins through that sign-in page until {until}. More wrong codes block them again, for longer each time.\n\nIf that was you, wait until then and type the newest code. If it was not you, someone knows your password: change it now. If you need help, contact support.",
        (
            "Hallo {name},\n\nam {date} um {time} wurde auf der Anmeldeseite für Ihr Konto {failures} falscher Code in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen über diese Anmeldeseite bis {until} gesperrt. Weitere falsche Codes sperren sie erneut, jedes Mal länger.\n\nWenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
            "Hallo {name},\n\nam {date} um {time} wurden auf der Anmeldeseite für Ihr Konto {failures} falsche Codes in Folge eingegeben, daher sind Anmeldecodes für Anmeldungen über diese Anmeldeseite bis {until} gesperrt. Weitere falsche Codes sperren sie erneut, jedes Mal länger.\n\nWenn Sie das waren, warten Sie bis dahin und geben Sie den neuesten Code ein. Wenn nicht, kennt jemand Ihr Passwort: Ändern Sie es jetzt. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
        ),
        (
            "Bonjour {name},\n\nLe {date} à {time}, {failures} code erroné a été saisi d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions passant par cette page jusqu'à {until}. D'autres codes erronés les bloqueront à nouveau, chaque fois plus longtemps.\n\nSi c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant. Si vous avez besoin d'aide, contactez le support.",
            "Bonjour {name},\n\nLe {date} à {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions passant par cette page jusqu'à {until}. D'autres codes erronés les bloqueront à nouveau, chaque fois plus longtemps.\n\nSi c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant. Si vous avez besoin d'aide, contactez le support.",
            "Bonjour {name},\n\nLe {date} à {time}, {failures} codes erronés ont été saisis d'affilée sur la page de connexion de votre compte : les codes de connexion sont donc bloqués pour les connexions passant par cette page jusqu'à {until}. D'autres codes erronés les bloqueront à nouveau, chaque fois plus longtemps.\n\nSi c'était vous, attendez jusque-là et saisissez le code le plus récent. Sinon, quelqu'un connaît votre mot de passe : changez-le maintenant. Si vous avez besoin d'aide, contactez le support.",
        ),
    ),
    (
        "Remembered devices were forgotten",
        "Gespeicherte Geräte wurden vergessen",
        "Des appareils mémorisés ont été oubliés",
    ),
    (
        "Hello {name},\n\nOn {date} at {time}, {count} remembered device was forgotten from the assistant chat. The next login on it will ask for a code.\n\nIf this was not you, contact support.",
        (
            "Hallo {name},\n\nam {date} um {time} wurde {count} gespeichertes Gerät über den Assistenten-Chat vergessen. Die nächste Anmeldung darauf fragt nach einem Code.\n\nWenn Sie das nicht waren, wenden Sie sich an den Support.",
            "Hallo {name},\n\nam {date} um {time} wurden {count} gespeicherte Geräte über den Assistenten-Chat vergessen. Die nächste Anmeldung darauf fragt nach einem Code.\n\nWenn Sie das nicht waren, wenden Sie sich an den Support.",
        ),
        (
            "Bonjour {name},\n\nLe {date} à {time}, {count} appareil mémorisé a été oublié depuis la discussion avec l'assistant. La prochaine connexion sur cet appareil demandera un code.\n\nSi ce n'était pas vous, contactez le support.",
            "Bonjour {name},\n\nLe {date} à {time}, {count} appareils mémorisés ont été oubliés depuis la discussion avec l'assistant. La prochaine connexion sur ces appareils demandera un code.\n\nSi ce n'était pas vous, contactez le support.",
            "Bonjour {name},\n\nLe {date} à {time}, {count} appareils mémorisés ont été oubliés depuis la discussion avec l'assistant. La prochaine connexion sur ces appareils demandera un code.\n\nSi ce n'était pas vous, contactez le support.",
        ),
    ),
    (
        "Repeated attempts on your account",
        "Wiederholte Versuche bei Ihrem Konto",
        "Tentatives répétées sur votre compte",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} someone kept asking to link a Telegram chat to your account, or typed wrong codes to do it. We paused them; your own sign-in and your assistant chat are not affected.\n\nIf this was not you, change your password; no code was given away. If you need help, contact support.",
        "Hallo {name},\n\nam {date} um {time} hat jemand wiederholt versucht, einen Telegram-Chat mit Ihrem Konto zu verknüpfen, oder dafür falsche Codes eingegeben. Wir haben das unterbunden; Ihre eigene Anmeldung und Ihr Assistenten-Chat sind nicht betroffen.\n\nWenn Sie das nicht waren, ändern Sie Ihr Passwort; es wurde kein Code preisgegeben. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
        "Bonjour {name},\n\nLe {date} à {time}, quelqu'un a demandé à plusieurs reprises à associer une discussion Telegram à votre compte, ou a saisi des codes erronés pour le faire. Nous l'avons bloqué ; votre propre connexion et votre discussion avec l'assistant ne sont pas concernées.\n\nSi ce n'était pas vous, changez votre mot de passe ; aucun code n'a été divulgué. Si vous avez besoin d'aide, contactez le support.",
    ),
    (
        "Hello {name},\n\nOn {date} at {time} someone at the sign-in page kept asking for login codes or typing wrong ones. We paused them; your own sign-in and your assistant chat are not affected.\n\nIf this was not you, change your password; no code was given away. If you need help, contact support.",
        "Hallo {name},\n\nam {date} um {time} hat jemand auf der Anmeldeseite wiederholt Anmeldecodes angefordert oder falsche eingegeben. Wir haben das unterbunden; Ihre eigene Anmeldung und Ihr Assistenten-Chat sind nicht betroffen.\n\nWenn Sie das nicht waren, ändern Sie Ihr Passwort; es wurde kein Code preisgegeben. Wenn Sie Hilfe brauchen, wenden Sie sich an den Support.",
        "Bonjour {name},\n\nLe {date} à {time}, quelqu'un sur la page de connexion a demandé à plusieurs reprises des codes de connexion ou en a saisi de faux. Nous l'avons bloqué ; votre propre connexion et votre discussion avec l'assistant ne sont pas concernées.\n\nSi ce n'était pas vous, changez votre mot de passe ; aucun code n'a été divulgué. Si vous avez besoin d'aide, contactez le support.",
    ),
    # -- texts_managers.py -------------------------------------------------------------------------
    (
        "Done: 2FA is now off for {name}, who was emailed and invited to set it up again.",
        "Erledigt: 2FA ist jetzt für {name} deaktiviert. Die Person wurde per E-Mail informiert und gebeten, 2FA neu einzurichten.",
        "C'est fait : la 2FA est désormais désactivée pour {name}, qui a été prévenu par e-mail et invité à la configurer à nouveau.",
    ),
    (
        "Done: 2FA is now off for {names}. Each was emailed and invited to set it up again.",
        "Erledigt: 2FA ist jetzt für {names} deaktiviert. Alle wurden per E-Mail informiert und gebeten, 2FA neu einzurichten.",
        "C'est fait : la 2FA est désormais désactivée pour {names}. Chacun a été prévenu par e-mail et invité à la configurer à nouveau.",
    ),
    ("{names} and {last}", "{names} und {last}", "{names} et {last}"),
    (
        "2FA was not on for anyone else in the contract, so nothing changed.",
        "2FA war für niemanden sonst im Vertrag aktiviert, daher hat sich nichts geändert.",
        "La 2FA n'était activée pour personne d'autre dans le contrat : rien n'a donc changé.",
    ),
    (
        "2FA was not on for them, so nothing changed.",
        "2FA war für diese Person nicht aktiviert, daher hat sich nichts geändert.",
        "La 2FA n'était pas activée pour cette personne : rien n'a donc changé.",
    ),
    (
        "Request #{number} from {name} <{email}>: turn off 2FA for {target} <{target_email}>.",
        "Anfrage #{number} von {name} <{email}>: 2FA für {target} <{target_email}> deaktivieren.",
        "Demande n°{number} de {name} <{email}> : désactiver la 2FA pour {target} <{target_email}>.",
    ),
    (
        "Request #{number} from {name} <{email}>: turn off 2FA for every user of the contract.",
        "Anfrage #{number} von {name} <{email}>: 2FA für alle Nutzer des Vertrags deaktivieren.",
        "Demande n°{number} de {name} <{email}> : désactiver la 2FA pour tous les utilisateurs du contrat.",
    ),
    (
        "Reason: {reason}\nidentity confirmed by a code to the registered email. Open until {date} {time}.",
        "Grund: {reason}\nIdentität bestätigt durch einen Code an die hinterlegte E-Mail-Adresse. Offen bis {date} {time}.",
        "Motif : {reason}\nIdentité confirmée par un code envoyé à l'e-mail enregistré. Ouverte jusqu'au {date} à {time}.",
    ),
    (
        "Reason: {reason}\nUNVERIFIED: check the requester's identity by other means. Open until {date} {time}.",
        "Grund: {reason}\nNICHT GEPRÜFT: Prüfen Sie die Identität der anfragenden Person auf anderem Weg. Offen bis {date} {time}.",
        "Motif : {reason}\nNON VÉRIFIÉE : vérifiez l'identité du demandeur par un autre moyen. Ouverte jusqu'au {date} à {time}.",
    ),
    (
        "A request to turn off 2FA is waiting for you",
        "Eine Anfrage zum Deaktivieren der 2FA wartet auf Sie",
        "Une demande de désactivation de la 2FA vous attend",
    ),
    (
        "Hello {name},\n\n{summary}\n\nApprove or decline it in the assistant chat (/manage). Requests expire after 7 days.",
        "Hallo {name},\n\n{summary}\n\nGenehmigen oder lehnen Sie sie im Assistenten-Chat ab (/manage). Anfragen laufen nach 7 Tagen ab.",
        "Bonjour {name},\n\n{summary}\n\nApprouvez-la ou refusez-la dans la discussion avec l'assistant (/manage). Les demandes expirent au bout de 7 jours.",
    ),
    # -- texts_faq.py: support ---------------------------------------------------------------------
    ("hour", "Stunde", "heure"),
    (
        "{count} hour",
        ("{count} Stunde", "{count} Stunden"),
        ("{count} heure", "{count} heures", "{count} heures"),
    ),
    (
        "{count} minute",
        ("{count} Minute", "{count} Minuten"),
        ("{count} minute", "{count} minutes", "{count} minutes"),
    ),
    (
        "Thank you, our support team already has your ticket #{number} and will get back to you. To keep the queue fair, a chat can open {count} ticket per {span}, so you can open another after {time}.",
        (
            "Danke, unser Support-Team hat Ihr Ticket #{number} bereits und meldet sich bei Ihnen. Damit es für alle fair bleibt, kann ein Chat {count} Ticket pro {span} eröffnen; ein weiteres können Sie ab {time} eröffnen.",
            "Danke, unser Support-Team hat Ihr Ticket #{number} bereits und meldet sich bei Ihnen. Damit es für alle fair bleibt, kann ein Chat {count} Tickets pro {span} eröffnen; ein weiteres können Sie ab {time} eröffnen.",
        ),
        (
            "Merci, notre équipe support a déjà votre ticket n°{number} et reviendra vers vous. Pour que l'attente reste équitable, une discussion peut ouvrir {count} ticket par {span} : vous pourrez en ouvrir un autre après {time}.",
            "Merci, notre équipe support a déjà votre ticket n°{number} et reviendra vers vous. Pour que l'attente reste équitable, une discussion peut ouvrir {count} tickets par {span} : vous pourrez en ouvrir un autre après {time}.",
            "Merci, notre équipe support a déjà votre ticket n°{number} et reviendra vers vous. Pour que l'attente reste équitable, une discussion peut ouvrir {count} tickets par {span} : vous pourrez en ouvrir un autre après {time}.",
        ),
    ),
    (
        "Support ticket #{number} opened {date} {time} from the assistant chat.\n\nThe user wrote: {description}\n\n{context}",
        "Support-Ticket #{number}, eröffnet am {date} um {time} aus dem Assistenten-Chat.\n\nDer Nutzer schrieb: {description}\n\n{context}",
        "Ticket de support n°{number}, ouvert le {date} à {time} depuis la discussion avec l'assistant.\n\nL'utilisateur a écrit : {description}\n\n{context}",
    ),
]

ENTRIES += [
    # -- domain/accounts/lifecycle.describe: a 2FA setting ("Before: {setting}", "You are on {current}")
    ("SMS to {masked}", "SMS an {masked}", "SMS au {masked}"),
    ("email to {masked}", "E-Mail an {masked}", "e-mail à {masked}"),
    (
        "codes from your authenticator app",
        "Codes aus Ihrer Authenticator-App",
        "codes de votre application d'authentification",
    ),
    (
        "sign-ins approved in your Telegram chat",
        "Anmeldungen werden in Ihrem Telegram-Chat bestätigt",
        "connexions approuvées dans votre discussion Telegram",
    ),
    ("off", "deaktiviert", "désactivée"),
    # -- /devices: one button per remembered device
    ("Forget {number}", "Nr. {number} vergessen", "Oublier n°{number}"),
]

ENTRIES += [
    # -- how the FAQ says the method ("You get codes by {how}.") and a mask as a text says it ------
    ("SMS at {where}", "SMS an {where}", "SMS au {where}"),
    ("email at {where}", "E-Mail an {where}", "e-mail à {where}"),
    ("authenticator app", "Authenticator-App", "application d'authentification"),
    (
        "your Telegram chat",
        "Ihrem Telegram-Chat",
        "votre discussion Telegram",
    ),  # "sign-ins approved in {masked}"
    ("your 2FA destination", "Ihre 2FA-Nummer oder -Adresse", "votre numéro ou adresse 2FA"),
    # -- why a typed number is refused ("Sorry, {why}. Please type a mobile number ...") -----------
    (
        "that does not look like a phone number",
        "das sieht nicht nach einer Telefonnummer aus",
        "cela ne ressemble pas à un numéro de téléphone",
    ),
    (
        "that is not a valid phone number; include the country code, like +44 7400 123456",
        "das ist keine gültige Telefonnummer; geben Sie die Ländervorwahl mit an, etwa +49 151 23456789",
        "ce n'est pas un numéro de téléphone valide ; ajoutez l'indicatif du pays, par exemple +33 6 12 34 56 78",
    ),
    (
        "this number cannot receive SMS codes: it is a landline",
        "diese Nummer kann keine SMS-Codes empfangen, da es ein Festnetzanschluss ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est une ligne fixe",
    ),
    (
        "this number cannot receive SMS codes: it is a company switchboard number",
        "diese Nummer kann keine SMS-Codes empfangen, da es die Zentrale eines Unternehmens ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est le standard d'une entreprise",
    ),
    (
        "this number cannot receive SMS codes: it is a forwarding (personal) number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine persönliche Weiterleitungsnummer ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro de renvoi (personnel)",
    ),
    (
        "this number cannot receive SMS codes: it is a pager number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine Pager-Nummer ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro de bipeur",
    ),
    (
        "this number cannot receive SMS codes: it is a premium-rate number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine kostenpflichtige Mehrwertnummer ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro surtaxé",
    ),
    (
        "this number cannot receive SMS codes: it is a shared-cost number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine Servicenummer mit geteilten Kosten ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro à coûts partagés",
    ),
    (
        "this number cannot receive SMS codes: it is a toll-free number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine gebührenfreie Nummer ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro gratuit",
    ),
    (
        "this number cannot receive SMS codes: it is a voicemail access number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine Mailbox-Zugangsnummer ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro d'accès à une messagerie vocale",
    ),
    (
        "this number cannot receive SMS codes: it is an internet (VoIP) number",
        "diese Nummer kann keine SMS-Codes empfangen, da es eine Internet-Nummer (VoIP) ist",
        "ce numéro ne peut pas recevoir de codes par SMS : c'est un numéro internet (VoIP)",
    ),
    (
        "this number cannot receive SMS codes: we cannot tell that it receives text messages",
        "diese Nummer kann keine SMS-Codes empfangen, da wir nicht feststellen können, ob sie SMS empfängt",
        "ce numéro ne peut pas recevoir de codes par SMS : nous ne pouvons pas vérifier qu'il reçoit des SMS",
    ),
]

ENTRIES += [
    # -- texts_actions.py: reasons a manager picks (buttons; "Reason given: {reason}") --------------
    ("Lost their phone", "Telefon verloren", "Téléphone perdu"),
    ("Lost access to their email", "Kein Zugriff mehr auf die E-Mail", "Plus d'accès à son e-mail"),
    ("Left the company", "Hat das Unternehmen verlassen", "A quitté l'entreprise"),
    ("Security review", "Sicherheitsüberprüfung", "Contrôle de sécurité"),
    ("lost access to 2FA", "kein Zugriff mehr auf die 2FA", "accès à la 2FA perdu"),
    # a chat as a notice names it: "linked to a new chat ({chat})"; where a change was made: "... {channel}"
    ("a Telegram chat", "ein Telegram-Chat", "une discussion Telegram"),
    ("the terminal chat", "der Terminal-Chat", "la discussion du terminal"),
    ("a chat", "ein Chat", "une discussion"),
    ("in a Telegram chat", "in einem Telegram-Chat", "dans une discussion Telegram"),
    ("in the terminal chat", "im Terminal-Chat", "dans la discussion du terminal"),
    ("in a chat", "in einem Chat", "dans une discussion"),
    (
        "by your account manager {name}",
        "von Ihrem Account-Manager {name}",
        "par votre gestionnaire de compte {name}",
    ),
    # a user's 2FA in the manager's list ("• {name} <{email}>: {state}")
    ("on, {setting}", "aktiviert, {setting}", "activée, {setting}"),
    ("on, {setting} since {date}", "aktiviert seit {date}, {setting}", "activée depuis le {date}, {setting}"),
    (
        "Why is 2FA being turned off for {name}? Choose a reason or type your own.",
        "Warum wird 2FA für {name} deaktiviert? Wählen Sie einen Grund oder geben Sie einen eigenen ein.",
        "Pourquoi désactiver la 2FA de {name} ? Choisissez un motif ou saisissez le vôtre.",
    ),
    (
        "Why is 2FA being turned off for everyone in the contract? Choose a reason or type your own.",
        "Warum wird 2FA für alle im Vertrag deaktiviert? Wählen Sie einen Grund oder geben Sie einen eigenen ein.",
        "Pourquoi désactiver la 2FA de tout le contrat ? Choisissez un motif ou saisissez le vôtre.",
    ),
    (
        "Why is 2FA being turned off here? Choose a reason or type your own.",
        "Warum wird 2FA deaktiviert? Wählen Sie einen Grund oder geben Sie einen eigenen ein.",
        "Pourquoi désactiver la 2FA ? Choisissez un motif ou saisissez le vôtre.",
    ),
]

ENTRIES += [
    ("Goodbye.", "Auf Wiedersehen.", "Au revoir."),
    (
        "Something went wrong on our side. Nothing was changed; please try again in a moment.",
        "Bei uns ist etwas schiefgelaufen. Es wurde nichts geändert; bitte versuchen Sie es gleich noch einmal.",
        "Un problème est survenu de notre côté. Rien n'a été modifié ; veuillez réessayer dans un instant.",
    ),
]

ENTRIES += [
    # -- texts_approval.py: the FAQ's answers for a user approving sign-ins in Telegram ------------
    (
        "You can turn 2FA off yourself: tap Turn off 2FA, then Confirm in this chat. Your login will then be protected by your password only.",
        "Sie können 2FA selbst deaktivieren: Tippen Sie auf „2FA deaktivieren“ und dann in diesem Chat auf „Bestätigen“. Ihre Anmeldung ist danach nur noch durch Ihr Passwort geschützt.",
        "Vous pouvez désactiver la 2FA vous-même : appuyez sur Désactiver la 2FA, puis sur Confirmer dans cette discussion. Votre connexion ne sera alors protégée que par votre mot de passe.",
    ),
    (
        "Your sign-ins are approved in this chat. To change that, tap Change: confirm here first, then set up the new method. Approval here stays in force until the new method is confirmed.",
        "Ihre Anmeldungen werden in diesem Chat bestätigt. Um das zu ändern, tippen Sie auf „Ändern“: Bestätigen Sie zuerst hier und richten Sie dann die neue Methode ein. Die Bestätigung hier bleibt gültig, bis die neue Methode bestätigt ist.",
        "Vos connexions sont approuvées dans cette discussion. Pour changer cela, appuyez sur Modifier : confirmez d'abord ici, puis configurez la nouvelle méthode. L'approbation ici reste en vigueur jusqu'à la confirmation de la nouvelle méthode.",
    ),
    # -- the flows a 2FA that is off leaves nothing to do in ------------------------------------------
    (
        "change",
        "ändern",
        "modifier",
    ),
    (
        "turn off",
        "deaktivieren",
        "désactiver",
    ),
    (
        "test",
        "testen",
        "tester",
    ),
    (
        "2FA is off, so there are no recovery codes to make. You can turn it on.",
        "2FA ist deaktiviert, daher gibt es keine Wiederherstellungscodes zu erstellen. Sie können 2FA aktivieren.",
        "La 2FA est désactivée, il n'y a donc pas de codes de secours à créer. Vous pouvez l'activer.",
    ),
]
