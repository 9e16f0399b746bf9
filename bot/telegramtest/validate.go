package telegramtest

import "errors"

// CheckText applies the rules this server applies to a sendMessage or editMessageText
// text: valid UTF-8, entities that parse in parseMode ("HTML" or ""), and 1–4096
// characters after parsing. The error is the Bot API's description. Tests use it to
// check texts without sending them.
func CheckText(text, parseMode string) error {
	f, e := formatText(text, parseMode)
	if e == nil {
		e = checkText(f)
	}
	return asError(e)
}

// CheckCaption is CheckText for a document's or photo's caption (0–1024 characters).
func CheckCaption(text, parseMode string) error {
	f, e := formatText(text, parseMode)
	if e == nil {
		e = checkCaption(f)
	}
	return asError(e)
}

func asError(e *apiErr) error {
	if e == nil {
		return nil
	}
	return errors.New(e.desc)
}
