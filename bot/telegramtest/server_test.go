package telegramtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/tocongtac/tocongtac/bot/telegramtest"
)

var (
	alice = telegramtest.User{ID: 1001, FirstName: "Alice", Username: "alice"}
	bob   = telegramtest.User{ID: 1002, FirstName: "Bob"}
)

func newBot(t *testing.T, srv *telegramtest.Server, opts ...bot.Option) *bot.Bot {
	t.Helper()
	opts = append([]bot.Option{
		bot.WithServerURL(srv.URL()), bot.WithSkipGetMe(),
		bot.WithHTTPClient(2*time.Second, &http.Client{Timeout: 5 * time.Second}),
	}, opts...)
	b, err := bot.New(srv.Token(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func setup(t *testing.T, opts ...telegramtest.Option) (*telegramtest.Server, *bot.Bot) {
	t.Helper()
	srv := telegramtest.New(opts...)
	t.Cleanup(srv.Close)
	return srv, newBot(t, srv)
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// poll calls getUpdates the way our own poller does; safe from any goroutine.
func poll(srv *telegramtest.Server, offset int64, timeout int) ([]json.RawMessage, error) {
	form := url.Values{"offset": {strconv.FormatInt(offset, 10)}, "timeout": {strconv.Itoa(timeout)}}
	resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/getUpdates", form)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		OK          bool              `json:"ok"`
		Description string            `json:"description"`
		Result      []json.RawMessage `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, err
	}
	if !r.OK {
		return nil, errors.New(r.Description)
	}
	return r.Result, nil
}

func getUpdates(t *testing.T, srv *telegramtest.Server, offset int64, timeout int) []json.RawMessage {
	t.Helper()
	ups, err := poll(srv, offset, timeout)
	if err != nil {
		t.Fatalf("getUpdates: %v", err)
	}
	return ups
}

func decode(t *testing.T, raw json.RawMessage) models.Update {
	t.Helper()
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return u
}

func TestGetMe(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	// Without WithSkipGetMe, New calls getMe.
	b, err := bot.New(srv.Token(), bot.WithServerURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	me, err := b.GetMe(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if me.ID != 7000000001 || !me.IsBot || me.Username != "tocongtac_bot" || me.FirstName != "Tổ công tác" {
		t.Fatalf("getMe = %+v", me)
	}
	if _, err := bot.New("999:wrong", bot.WithServerURL(srv.URL())); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("wrong token: %v", err)
	}
}

func TestSendMessageIDsAndEcho(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	chat := srv.Private(alice)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: "r:1:ok"}}}}
	m1, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: "one", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	m2, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: "two",
		ReplyParameters: &models.ReplyParameters{MessageID: m1.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if m1.ID != 1 || m2.ID != 2 || m1.Date == 0 || m1.From == nil || m1.From.ID != 7000000001 || m1.Chat.ID != chat.ID {
		t.Fatalf("messages: %+v %+v", m1, m2)
	}
	if m1.ReplyMarkup == nil || m1.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "r:1:ok" {
		t.Fatalf("markup not echoed: %+v", m1.ReplyMarkup)
	}
	if m2.ReplyToMessage == nil || m2.ReplyToMessage.Text != "one" {
		t.Fatalf("reply: %+v", m2.ReplyToMessage)
	}
	// A user's message takes the next id of the same chat.
	if u := srv.SendText(alice, chat, "hi"); u.ID != 3 {
		t.Fatalf("user message id %d", u.ID)
	}
	sent := srv.SentTo(chat.ID)
	if len(sent) != 2 || sent[0].ReplyMarkup == nil || sent[1].ReplyTo != 1 {
		t.Fatalf("sent: %+v", sent)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: "@somechannel", Text: "x"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("@name: %v", err)
	}
	bad := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "X", CallbackData: strings.Repeat("x", 65)}}}}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: "x", ReplyMarkup: bad})
	if err == nil || !strings.Contains(err.Error(), "BUTTON_DATA_INVALID") {
		t.Fatalf("long callback_data: %v", err)
	}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "status", Description: "Trạng thái"}}}); err != nil {
		t.Fatal(err)
	}
	if c := srv.Commands(); len(c) != 1 || c[0].Command != "status" {
		t.Fatalf("commands: %+v", c)
	}
	if _, err := b.Close(ctx); !errors.Is(err, bot.ErrorNotFound) {
		t.Fatalf("unknown method: %v", err)
	}
}

func TestHTMLValidation(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	chat := srv.Private(alice)
	send := func(text string) (*models.Message, error) {
		return b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: text, ParseMode: models.ParseModeHTML})
	}
	m, err := send("<b>a &lt; b</b>")
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "a < b" || len(m.Entities) != 1 || m.Entities[0].Type != models.MessageEntityTypeBold || m.Entities[0].Length != 5 {
		t.Fatalf("parsed: %q %+v", m.Text, m.Entities)
	}
	for _, bad := range []string{"<b>x", "a < b", "a & b", "<b><i>x</b></i>", "<span>x</span>", "<div>x</div>", "x</b>"} {
		if _, err := send(bad); !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "can't parse entities") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	for _, ok := range []string{`<a href="https://x.y/?a=1&amp;b=2">l</a>`, `<pre><code class="language-go">x</code></pre>`,
		`<tg-spoiler>s</tg-spoiler> &#39;&#x1F600;`, `<blockquote expandable>q</blockquote>`, "a > b"} {
		if _, err := send(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	// Length counts the text after parsing: 4096 visible characters pass even with tags.
	if _, err := send("<b>" + strings.Repeat("ệ", 4096) + "</b>"); err != nil {
		t.Fatalf("4096 chars: %v", err)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: strings.Repeat("a", 4097)})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message is too long") {
		t.Fatalf("4097 chars: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: ""}); err == nil || !strings.Contains(err.Error(), "message text is empty") {
		t.Fatalf("empty: %v", err)
	}
	if calls := srv.Calls("sendMessage"); calls[len(calls)-1].Status != 400 {
		t.Fatalf("failed call not recorded: %+v", calls[len(calls)-1])
	}
}

func TestLongPollBlocksAndOffsetConfirms(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	chat := srv.Private(alice)

	got := make(chan []json.RawMessage, 1)
	start := time.Now()
	go func() {
		ups, _ := poll(srv, 0, 5)
		got <- ups
	}()
	time.Sleep(150 * time.Millisecond)
	select {
	case <-got:
		t.Fatal("getUpdates returned before any update")
	default:
	}
	srv.SendText(alice, chat, "/start@tocongtac_bot ref1")
	ups := <-got
	if time.Since(start) > 3*time.Second || len(ups) != 1 {
		t.Fatalf("got %d updates after %v", len(ups), time.Since(start))
	}
	u := decode(t, ups[0])
	if u.ID != 1 || u.Message == nil || u.Message.Text != "/start@tocongtac_bot ref1" {
		t.Fatalf("update: %+v", u)
	}
	if e := u.Message.Entities; len(e) != 1 || e[0].Type != models.MessageEntityTypeBotCommand || e[0].Offset != 0 || e[0].Length != 20 {
		t.Fatalf("entities: %+v", e)
	}

	srv.SendText(bob, srv.Private(bob), "two")
	srv.SendText(bob, srv.Private(bob), "three")
	// Unconfirmed updates come back again.
	if ups := getUpdates(t, srv, 1, 0); len(ups) != 3 || srv.Confirmed(1) {
		t.Fatalf("re-fetch: %d, confirmed(1)=%v", len(ups), srv.Confirmed(1))
	}
	ups = getUpdates(t, srv, 3, 0)
	if len(ups) != 1 || decode(t, ups[0]).ID != 3 || !srv.Confirmed(2) || srv.Confirmed(3) || srv.PendingUpdates() != 1 {
		t.Fatalf("after offset 3: %d updates, pending %d", len(ups), srv.PendingUpdates())
	}
	if ups := getUpdates(t, srv, 4, 0); len(ups) != 0 || srv.LastOffset() != 4 || srv.PendingUpdates() != 0 {
		t.Fatalf("after offset 4: %d", len(ups))
	}
	if srv.GetUpdatesCalls() != 4 {
		t.Fatalf("calls %d", srv.GetUpdatesCalls())
	}
}

func TestInjected429And5xx(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	srv.FailNext("sendMessage", 1, telegramtest.Fault429{RetryAfter: 3})
	srv.FailNext("SENDMESSAGE", 1, telegramtest.Fault5xx{Code: 502})
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "x"})
	var tmr *bot.TooManyRequestsError
	if !errors.As(err, &tmr) || tmr.RetryAfter != 3 {
		t.Fatalf("want 429, got %v", err)
	}
	if _, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "x"}); err == nil || !strings.Contains(err.Error(), "error decode response body") {
		t.Fatalf("want HTML 502, got %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "x"}); err != nil {
		t.Fatal(err)
	}
	st := srv.Stats()
	if st.Injected != 2 || st.Delivered != 1 || st.EarlyRetries != 2 {
		t.Fatalf("stats %+v", st)
	}
}

func TestDropTimeoutAndAfterDeliver(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	b := newBot(t, srv, bot.WithHTTPClient(2*time.Second, &http.Client{Timeout: 300 * time.Millisecond}))
	ctx := ctxT(t)
	srv.FailNext("sendMessage", 1, telegramtest.FaultDrop{})
	srv.FailNext("sendMessage", 1, telegramtest.FaultTimeout{})
	srv.FailNext("sendMessage", 1, telegramtest.FaultAfterDeliver{})
	for i := range 3 {
		if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "x"}); err == nil {
			t.Fatalf("fault %d: no error", i)
		}
	}
	sent := srv.Sent()
	if len(sent) != 1 || !sent[0].ResponseLost || srv.Stats().InjectedAfterDeliver != 1 {
		t.Fatalf("sent %+v stats %+v", sent, srv.Stats())
	}
}

func TestBlocked403(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	srv.Block(alice.ID)
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "x"})
	if !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "bot was blocked by the user") {
		t.Fatalf("want 403, got %v", err)
	}
	id := srv.BlockedBy(bob)
	u := decode(t, getUpdates(t, srv, id, 0)[0])
	if u.MyChatMember == nil || u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeBanned {
		t.Fatalf("my_chat_member: %+v", u.MyChatMember)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: bob.ID, Text: "x"}); !errors.Is(err, bot.ErrorForbidden) {
		t.Fatalf("blocked by bob: %v", err)
	}
	srv.Unblock(bob)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: bob.ID, Text: "x"}); err != nil {
		t.Fatal(err)
	}
}

func TestRateLimits(t *testing.T) {
	srv, b := setup(t, telegramtest.WithRateLimits(telegramtest.RateLimits{PerChat: time.Second, GroupPerMinute: 3, Global: 30}))
	ctx := ctxT(t)
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "1"}); err != nil {
		t.Fatal(err)
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "2"})
	var tmr *bot.TooManyRequestsError
	if !errors.As(err, &tmr) || tmr.RetryAfter != 1 {
		t.Fatalf("want 429 retry_after 1, got %v", err)
	}
	// Another chat is not affected by alice's limit.
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: bob.ID, Text: "1"}); err != nil {
		t.Fatal(err)
	}
	// Retrying before retry_after passed is counted.
	_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "2"})
	st := srv.Stats()
	if st.Rejected429 != 2 || st.Delivered != 2 || st.EarlyRetries != 1 || st.MaxPerChatInWindow != 1 {
		t.Fatalf("stats %+v", st)
	}
	// Global: 5 per second across chats.
	srv.SetRateLimits(telegramtest.RateLimits{Global: 5})
	var rejected int
	for i := range 8 {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 2000 + i, Text: "x"})
		if errors.As(err, &tmr) {
			rejected++
		}
	}
	if rejected < 3 || srv.Stats().MaxGlobalPerSecond != 5 {
		t.Fatalf("global: rejected %d, stats %+v", rejected, srv.Stats())
	}
}

func TestGroupPerMinute(t *testing.T) {
	srv, b := setup(t, telegramtest.WithRateLimits(telegramtest.RateLimits{PerChat: 20 * time.Millisecond, GroupPerMinute: 3}))
	ctx := ctxT(t)
	g := srv.Group(555, "Tổ 1")
	for i := range 4 {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: g.ID, Text: "x"})
		var tmr *bot.TooManyRequestsError
		if i < 3 && err != nil || i == 3 && (!errors.As(err, &tmr) || tmr.RetryAfter < 59) {
			t.Fatalf("send %d: %v", i, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	if st := srv.Stats(); st.MaxGroupPerMinute != 3 {
		t.Fatalf("stats %+v", st)
	}
}

func pngBytes() []byte {
	var buf bytes.Buffer
	_ = png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 3)))
	return buf.Bytes()
}

func TestSendDocumentAndPhoto(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	data := []byte("id,name\n1,Tổ 1\n")
	m, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Caption: "<b>Báo cáo</b>", ParseMode: models.ParseModeHTML,
		Document: &models.InputFileUpload{Filename: "summary.csv", Data: bytes.NewReader(data)}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Document == nil || m.Document.FileName != "summary.csv" || m.Document.FileSize != int64(len(data)) || m.Caption != "Báo cáo" {
		t.Fatalf("document: %+v caption %q", m.Document, m.Caption)
	}
	if got, _ := srv.File(m.Document.FileID); !bytes.Equal(got, data) {
		t.Fatal("file bytes not stored")
	}
	if s := srv.Sent()[0]; s.FileName != "summary.csv" || !bytes.Equal(s.File, data) || s.Method != "sendDocument" {
		t.Fatalf("sent %+v", s)
	}
	// A reader used up by an earlier attempt uploads nothing.
	_, err = b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileUpload{Filename: "a.csv", Data: bytes.NewReader(nil)}})
	if !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("empty file: %v", err)
	}
	p, err := b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: alice.ID, Photo: &models.InputFileUpload{Filename: "c.png", Data: bytes.NewReader(pngBytes())}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Photo) == 0 || p.Photo[0].Width != 4 || p.Photo[0].Height != 3 {
		t.Fatalf("photo %+v", p.Photo)
	}
}

func TestEdits(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "OK", CallbackData: "ok"}}}}
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "a", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	e, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: m.ID, Text: "b", ReplyMarkup: kb})
	if err != nil || e.Text != "b" || e.EditDate == 0 || e.ReplyMarkup == nil {
		t.Fatalf("edit: %+v %v", e, err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: m.ID, Text: "b", ReplyMarkup: kb})
	if err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("not modified: %v", err)
	}
	if _, err := b.EditMessageReplyMarkup(ctx, &bot.EditMessageReplyMarkupParams{ChatID: alice.ID, MessageID: m.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: alice.ID, MessageID: 99, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "message to edit not found") {
		t.Fatalf("not found: %v", err)
	}
	if msgs := srv.Messages(alice.ID); len(msgs) != 1 || msgs[0].Text != "b" || msgs[0].ReplyMarkup != nil {
		t.Fatalf("messages %+v", msgs)
	}
}

func TestPressAndPushRaw(t *testing.T) {
	srv, b := setup(t)
	ctx := ctxT(t)
	chat := srv.Private(alice)
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: "Đã xong?"})
	if err != nil {
		t.Fatal(err)
	}
	cb := srv.Press(alice, chat, m.ID, "r:1:done")
	srv.Press(alice, chat, 999, "r:2:done")
	bad := srv.PushRaw(`{"my_chat_member":{"chat":{"id":1,"type":"private"},"from":{"id":1,"is_bot":false,"first_name":"A"},"date":1,` +
		`"old_chat_member":{"status":"weird","user":{"id":1,"is_bot":true,"first_name":"B"}},"new_chat_member":{"status":"weird","user":{"id":1,"is_bot":true,"first_name":"B"}}}}`)
	ups := getUpdates(t, srv, 0, 0)
	if len(ups) != 3 {
		t.Fatalf("%d updates", len(ups))
	}
	u := decode(t, ups[0])
	if u.CallbackQuery == nil || u.CallbackQuery.ID != cb || u.CallbackQuery.Data != "r:1:done" ||
		u.CallbackQuery.Message.Message == nil || u.CallbackQuery.Message.Message.Text != "Đã xong?" {
		t.Fatalf("callback: %+v", u.CallbackQuery)
	}
	if u2 := decode(t, ups[1]); u2.CallbackQuery.Message.InaccessibleMessage == nil {
		t.Fatalf("unknown message should be inaccessible: %+v", u2.CallbackQuery.Message)
	}
	var up models.Update
	if err := json.Unmarshal(ups[2], &up); err == nil || !strings.Contains(string(ups[2]), `"update_id":`+strconv.FormatInt(bad, 10)) {
		t.Fatalf("raw update should be undecodable and carry its id: %s %v", ups[2], err)
	}
	if ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cb, Text: "Cảm ơn"}); !ok || err != nil {
		t.Fatalf("answer: %v", err)
	}
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cb}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("second answer: %v", err)
	}
	if a := srv.Answers(); len(a) != 1 || a[0].Text != "Cảm ơn" {
		t.Fatalf("answers %+v", a)
	}
}

func TestConcurrentPollConflict(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	first := make(chan int, 1)
	go func() {
		resp, err := http.PostForm(srv.URL()+"/bot"+srv.Token()+"/getUpdates", url.Values{"timeout": {"5"}})
		if err != nil {
			first <- -1
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	time.Sleep(100 * time.Millisecond)
	go func() { _, _ = poll(srv, 0, 0) }()
	if code := <-first; code != http.StatusConflict {
		t.Fatalf("older poll got %d, want 409", code)
	}
}

func TestStartEndToEnd(t *testing.T) {
	srv := telegramtest.New()
	defer srv.Close()
	var mu sync.Mutex
	var texts []string
	b := newBot(t, srv, bot.WithDefaultHandler(func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if u.Message == nil {
			return
		}
		mu.Lock()
		texts = append(texts, u.Message.Text)
		mu.Unlock()
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: "echo: " + u.Message.Text})
	}))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	chat := srv.Private(alice)
	srv.SendText(alice, chat, "xin chào")
	wctx, wcancel := context.WithTimeout(ctx, 3*time.Second)
	defer wcancel()
	s, err := srv.WaitFor(wctx, func(s telegramtest.Sent) bool { return s.Text == "echo: xin chào" })
	if err != nil || s.ChatID != chat.ID {
		t.Fatalf("no echo: %v", err)
	}
	if _, err := srv.WaitSentCount(wctx, chat.ID, 1); err != nil {
		t.Fatal(err)
	}
	// The library confirms the update with its next poll.
	for !srv.Confirmed(1) {
		select {
		case <-wctx.Done():
			t.Fatal("update 1 never confirmed")
		case <-time.After(10 * time.Millisecond):
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(texts) != 1 {
		t.Fatalf("handled %v", texts)
	}
}

// TestConcurrentUse exercises every entry point from many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	srv, b := setup(t, telegramtest.WithRateLimits(telegramtest.RateLimits{PerChat: time.Second, GroupPerMinute: 20, Global: 30}))
	srv.SetFaultRate(0.3, 42)
	ctx := ctxT(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs, oks int
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := telegramtest.User{ID: int64(3000 + g), FirstName: "U"}
			chat := srv.Private(u)
			for i := range 5 {
				srv.SendText(u, chat, "/status "+strconv.Itoa(i))
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat.ID, Text: "<i>ok</i>", ParseMode: models.ParseModeHTML})
				mu.Lock()
				if err != nil {
					errs++
				} else {
					oks++
				}
				mu.Unlock()
				_ = srv.Stats()
				_ = srv.Sent()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		var offset int64
		for range 10 {
			ups, _ := poll(srv, offset, 0)
			for _, raw := range ups {
				var u models.Update
				if json.Unmarshal(raw, &u) == nil && u.ID >= offset {
					offset = u.ID + 1
				}
			}
		}
	}()
	wg.Wait()
	st := srv.Stats()
	if oks != st.Delivered || errs != st.Rejected429+st.Injected || st.MaxPerChatInWindow > 1 || st.MaxGlobalPerSecond > 30 {
		t.Fatalf("oks %d errs %d stats %+v", oks, errs, st)
	}
}
