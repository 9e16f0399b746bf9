package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// allowedUpdates narrows what Telegram sends: fewer kinds, fewer union types that could
// fail to decode.
var allowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// poller long-polls getUpdates itself: the library's Start confirms updates before their
// handlers run, and one undecodable update stalls it for good.
type poller struct {
	client  *http.Client
	apiURL  string
	token   string
	timeout time.Duration // long-poll timeout sent to Telegram
}

// batchItem is one update of a getUpdates answer. Update is nil when it did not decode.
type batchItem struct {
	ID     int64
	Update *models.Update
	Err    error
}

type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram: %d %s", e.Code, e.Description)
}

// fetch asks for the updates from offset on. Calling it with a higher offset confirms
// every earlier update to Telegram.
func (p *poller) fetch(ctx context.Context, offset int64, timeout time.Duration, limit int) ([]batchItem, error) {
	allowed, _ := json.Marshal(allowedUpdates)
	form := url.Values{
		"offset":          {strconv.FormatInt(offset, 10)},
		"timeout":         {strconv.Itoa(int(timeout / time.Second))},
		"limit":           {strconv.Itoa(limit)},
		"allowed_updates": {string(allowed)},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		p.apiURL+"/bot"+p.token+"/getUpdates", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, p.redact(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.client.Do(req)
	if err != nil {
		return nil, p.redact(err)
	}
	defer resp.Body.Close()
	var env struct {
		OK          bool              `json:"ok"`
		Result      []json.RawMessage `json:"result"`
		ErrorCode   int               `json:"error_code"`
		Description string            `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return nil, fmt.Errorf("getUpdates: decode answer (HTTP %d): %w", resp.StatusCode, err)
	}
	if !env.OK {
		return nil, &apiError{Code: env.ErrorCode, Description: env.Description, RetryAfter: env.Parameters.RetryAfter}
	}
	items := make([]batchItem, 0, len(env.Result))
	for _, raw := range env.Result {
		items = append(items, decodeUpdate(raw))
	}
	return items, nil
}

// decodeUpdate decodes one update on its own, so a bad one cannot spoil its batch.
func decodeUpdate(raw json.RawMessage) batchItem {
	var head struct {
		UpdateID int64 `json:"update_id"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return batchItem{Err: fmt.Errorf("update without id: %w", err)}
	}
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		return batchItem{ID: head.UpdateID, Err: err}
	}
	return batchItem{ID: head.UpdateID, Update: &u}
}

// redact removes the token from errors that quote the request URL.
func (p *poller) redact(err error) error {
	if err == nil || p.token == "" {
		return err
	}
	msg := err.Error()
	if !strings.Contains(msg, p.token) {
		return err
	}
	return redactedError{msg: strings.ReplaceAll(msg, p.token, "<token>"), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }

// Unwrap keeps errors.Is(err, context.Canceled), errors.As(err, &tooMany) and friends
// working: they look through the redacted text at the original error.
func (e redactedError) Unwrap() error { return e.err }
