// Package telegramtest is an in-process fake of the Telegram Bot API for tests, soak runs
// and the demo console. It speaks the wire format the go-telegram/bot client uses and
// enforces the limits and error shapes of the real API, so bugs show up before production.
// It must not import testing: the demo links it into a normal binary.
package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// DefaultToken is the token a Server accepts unless WithToken says otherwise.
const DefaultToken = "123456:TEST-token"

// User is a Telegram user the test acts as.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

func (u User) model() models.User {
	return models.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// Chat is the chat shape Telegram sends.
type Chat = models.Chat

// Call is one HTTP request the fake answered (or dropped), failed ones included.
type Call struct {
	Method      string     // canonical camelCase name when known, else as requested
	Form        url.Values // all form fields, multipart values included
	Files       map[string]string
	Status      int    // HTTP status answered; 0 when nothing was answered (drop, hang, client gone)
	Description string // error description, empty on success
	Fault       string // name of the injected fault, if any
	At          time.Time
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the only token the server accepts.
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithBotUser changes the identity getMe reports and that bot messages are "from".
func WithBotUser(u User) Option {
	return func(s *Server) {
		m := u.model()
		m.IsBot = true
		s.botUser = m
	}
}

// WithRateLimits enables Telegram-like flood control from the start.
func WithRateLimits(l RateLimits) Option { return func(s *Server) { s.limits = l } }

// WithStrictChats makes sends to chats never introduced via Private/Group/SendText answer
// 400 "chat not found", as Telegram does for chats the bot has never seen.
func WithStrictChats() Option { return func(s *Server) { s.strictChats = true } }

// WithFaultsOnGetUpdates lets SetFaultRate faults hit getUpdates too.
func WithFaultsOnGetUpdates() Option { return func(s *Server) { s.faultsOnGetUpdates = true } }

// Server is the fake Bot API. All methods are safe for concurrent use.
type Server struct {
	ts          *httptest.Server
	token       string
	botUser     models.User
	strictChats bool

	done      chan struct{}
	closeOnce sync.Once

	mu sync.Mutex

	// update queue
	nextUpdateID    int64
	queue           []queuedUpdate
	confirmedBelow  int64
	lastOffset      int64
	getUpdatesCalls int
	pollGen         int64
	updWake         chan struct{}
	allowed         map[string]bool // nil: Telegram's default set

	// chats and content
	chats        map[int64]*chatState
	files        map[string]storedFile
	nextFile     int
	callbacks    map[string]bool // issued callback ids -> answered
	nextCallback int64

	// records
	sent     []Sent
	sentPer  map[int64]int // len(SentTo(chat)), kept so benchmarks need not copy sent
	sentWake chan struct{}
	calls    []Call
	answers  []CallbackAnswer
	commands []models.BotCommand
	scoped   map[string][]models.BotCommand // by ScopeKey

	// limits and faults
	limits             RateLimits
	global             []time.Time
	stats              Stats
	failNext           map[string][]*pendingFault
	faultRate          float64
	faultRng           *rand.Rand
	faultSet           []Fault
	faultsOnGetUpdates bool
}

// New starts a fake Bot API on 127.0.0.1 with a random port.
func New(opts ...Option) *Server {
	s := &Server{
		token:        DefaultToken,
		botUser:      models.User{ID: 7000000001, IsBot: true, FirstName: "Tổ công tác", Username: "tocongtac_bot"},
		done:         make(chan struct{}),
		updWake:      make(chan struct{}),
		sentWake:     make(chan struct{}),
		sentPer:      map[int64]int{},
		nextUpdateID: 1,
		chats:        map[int64]*chatState{},
		files:        map[string]storedFile{},
		callbacks:    map[string]bool{},
		failNext:     map[string][]*pendingFault{},
	}
	for _, o := range opts {
		o(s)
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// Close unblocks pending long polls and hung requests, then stops the listener.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.ts.CloseClientConnections()
		s.ts.Close()
	})
}

// URL is the base URL for bot.WithServerURL (no trailing slash).
func (s *Server) URL() string { return s.ts.URL }

// Token is the accepted bot token.
func (s *Server) Token() string { return s.token }

// BotUser is the identity getMe reports.
func (s *Server) BotUser() models.User { return s.botUser }

// apiErr is a Bot API error answer.
type apiErr struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
}

func badRequest(format string, args ...any) *apiErr {
	return &apiErr{code: 400, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

var (
	errBlockedUser  = &apiErr{code: 403, desc: "Forbidden: bot was blocked by the user"}
	errKickedGroup  = &apiErr{code: 403, desc: "Forbidden: bot was kicked from the group chat"}
	errChatNotFound = &apiErr{code: 400, desc: "Bad Request: chat not found"}
	errConflict     = &apiErr{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
	// errGone means the client went away: nothing is written.
	errGone = &apiErr{code: 0, desc: "client gone"}
)

// request is one parsed API call.
type request struct {
	ctx    context.Context
	method string // canonical name
	form   url.Values
	files  map[string][]*multipart.FileHeader
	// afterDeliver marks sends whose answer will be dropped.
	afterDeliver bool
}

type handlerFunc func(s *Server, rq *request) (any, *apiErr)

// methods maps lower-case method names to canonical names and handlers.
var methods = map[string]struct {
	name string
	h    handlerFunc
}{}

func init() {
	for name, h := range map[string]handlerFunc{
		"getMe":                  (*Server).handleGetMe,
		"deleteWebhook":          func(*Server, *request) (any, *apiErr) { return true, nil },
		"setMyCommands":          (*Server).handleSetMyCommands,
		"deleteMyCommands":       (*Server).handleDeleteMyCommands,
		"answerCallbackQuery":    (*Server).handleAnswerCallback,
		"getUpdates":             (*Server).handleGetUpdates,
		"sendMessage":            (*Server).handleSendMessage,
		"sendDocument":           (*Server).handleSendDocument,
		"sendPhoto":              (*Server).handleSendPhoto,
		"editMessageText":        (*Server).handleEditText,
		"editMessageReplyMarkup": (*Server).handleEditMarkup,
	} {
		methods[strings.ToLower(name)] = struct {
			name string
			h    handlerFunc
		}{name, h}
	}
}

func isSendMethod(m string) bool {
	return m == "sendMessage" || m == "sendDocument" || m == "sendPhoto"
}

func isEditMethod(m string) bool {
	return m == "editMessageText" || m == "editMessageReplyMarkup"
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	if s.serveFile(w, r) {
		return
	}
	token, name, ok := splitPath(r.URL.Path)
	if !ok {
		writeAPIError(w, &apiErr{code: 404, desc: "Not Found"})
		return
	}
	// Uploads above the 50 MB Bot API limit must not be buffered whole.
	r.Body = http.MaxBytesReader(w, r.Body, 60<<20)
	// An empty body (methods without params) makes this fail with EOF; r.Form still works.
	_ = r.ParseMultipartForm(32 << 20)
	if r.Form == nil {
		_ = r.ParseForm()
	}
	rq := &request{ctx: r.Context(), method: name, form: cloneValues(r.Form)}
	if r.MultipartForm != nil {
		rq.files = r.MultipartForm.File
		defer func() { _ = r.MultipartForm.RemoveAll() }()
	}
	call := Call{Method: name, Form: rq.form, At: now}
	for field, fhs := range rq.files {
		if call.Files == nil {
			call.Files = map[string]string{}
		}
		call.Files[field] = fhs[0].Filename
	}

	if token != s.token {
		e := &apiErr{code: 401, desc: "Unauthorized"}
		s.record(call, e)
		writeAPIError(w, e)
		return
	}
	m, known := methods[strings.ToLower(name)]
	if !known {
		e := &apiErr{code: 404, desc: "Not Found: method not found"}
		s.record(call, e)
		writeAPIError(w, e)
		return
	}
	rq.method, call.Method = m.name, m.name
	s.countEarlyRetry(rq, now)

	f := s.pickFault(m.name)
	if f != nil {
		call.Fault = faultName(f)
		switch f := f.(type) {
		case Fault429:
			ra := max(f.RetryAfter, 1)
			s.noteRetryAfter(rq, ra)
			e := &apiErr{code: 429, desc: fmt.Sprintf("Too Many Requests: retry after %d", ra), retryAfter: ra}
			s.record(call, e)
			writeAPIError(w, e)
			return
		case Fault403:
			s.record(call, errBlockedUser)
			writeAPIError(w, errBlockedUser)
			return
		case Fault5xx:
			code := f.Code
			if code < 500 || code > 599 {
				code = 500
			}
			s.record(call, &apiErr{code: code, desc: http.StatusText(code)})
			if code == http.StatusBadGateway {
				// A proxy in front of Telegram answers HTML, not JSON, and quotes the
				// request path, token included.
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(code)
				_, _ = w.Write([]byte("<html><body>Bad Gateway: POST " + html.EscapeString(r.URL.Path) + "</body></html>"))
				return
			}
			writeAPIError(w, &apiErr{code: code, desc: http.StatusText(code)})
			return
		case FaultTimeout:
			select {
			case <-r.Context().Done():
			case <-s.done:
			}
			s.record(call, errGone)
			return
		case FaultDrop:
			s.record(call, errGone)
			dropConn(w)
			return
		case FaultAfterDeliver:
			rq.afterDeliver = true
		}
	}

	res, e := m.h(s, rq)
	if rq.afterDeliver {
		s.record(call, errGone)
		dropConn(w)
		return
	}
	s.record(call, e)
	if e == errGone {
		return
	}
	if e != nil {
		writeAPIError(w, e)
		return
	}
	var body []byte
	if raw, ok := res.(json.RawMessage); ok {
		body = append(append([]byte(`{"ok":true,"result":`), raw...), '}')
	} else {
		body, _ = json.Marshal(struct {
			OK     bool `json:"ok"`
			Result any  `json:"result"`
		}{true, res})
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// splitPath parses /bot<token>/<method>.
func splitPath(p string) (token, method string, ok bool) {
	if !strings.HasPrefix(p, "/bot") {
		return "", "", false
	}
	rest := p[len("/bot"):]
	i := strings.LastIndexByte(rest, '/')
	if i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

func writeAPIError(w http.ResponseWriter, e *apiErr) {
	type params struct {
		RetryAfter      int   `json:"retry_after,omitempty"`
		MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	}
	out := struct {
		OK          bool    `json:"ok"`
		ErrorCode   int     `json:"error_code"`
		Description string  `json:"description"`
		Parameters  *params `json:"parameters,omitempty"`
	}{false, e.code, e.desc, nil}
	if e.retryAfter > 0 || e.migrateTo != 0 {
		out.Parameters = &params{RetryAfter: e.retryAfter, MigrateToChatID: e.migrateTo}
	}
	body, _ := json.Marshal(out)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.code)
	_, _ = w.Write(body)
}

// dropConn closes the connection without an HTTP answer.
func dropConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func (s *Server) record(c Call, e *apiErr) {
	c.Status = http.StatusOK
	if e != nil {
		c.Status, c.Description = e.code, e.desc
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	if e != nil {
		switch e.code {
		case 400:
			s.stats.BadRequests++
		case 403:
			s.stats.Rejected403++
		}
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// Calls returns every request for method (case-insensitive; "" for all), failed ones included.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			out = append(out, c)
		}
	}
	return out
}

func (s *Server) handleGetMe(*request) (any, *apiErr) {
	u := s.botUser
	u.CanJoinGroups = true
	return u, nil
}
