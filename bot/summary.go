package bot

func (b *Bot) summaryCommands() []*command { return nil }
