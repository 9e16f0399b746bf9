package bot

func (b *Bot) reminderCommands() []*command              { return nil }
func (b *Bot) reminderCallbacks() map[string]callbackFunc { return nil }
