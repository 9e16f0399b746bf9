package telegramtest

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-telegram/bot/models"
)

// SendDocument queues a message carrying a file from a user, as Telegram delivers it:
// a document with a file_id that getFile and the file URL resolve.
func (s *Server) SendDocument(from User, chat Chat, name, mime string, data []byte, caption string) *models.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.newUserMessageLocked(from, chat, "")
	id, unique := s.newFileIDLocked("BQAC", &upload{name: name, data: data})
	m.Document = &models.Document{FileID: id, FileUniqueID: unique, FileName: name, MimeType: mime, FileSize: int64(len(data))}
	m.Caption = caption
	cs := s.chatLocked(chat.ID)
	cs.msgs[m.ID].msg.Document, cs.msgs[m.ID].msg.Caption = m.Document, caption
	s.enqueueLocked("message", m)
	return cloneMsg(m)
}

func init() {
	methods["getfile"] = struct {
		name string
		h    handlerFunc
	}{"getFile", (*Server).handleGetFile}
}

func (s *Server) handleGetFile(rq *request) (any, *apiErr) {
	id := rq.form.Get("file_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[id]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	return models.File{FileID: id, FileUniqueID: "AgAD" + id[len(id)-8:], FileSize: int64(len(f.data)),
		FilePath: "documents/" + id + "/" + f.name}, nil
}

// serveFile answers GET /file/bot<token>/documents/<file_id>/<name>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) bool {
	rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"+s.token+"/documents/")
	if !ok {
		return false
	}
	id, _, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	f, found := s.files[id]
	s.mu.Unlock()
	if !found {
		http.NotFound(w, r)
		return true
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(f.data)))
	_, _ = w.Write(f.data)
	return true
}
