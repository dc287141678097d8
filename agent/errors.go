package agent

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Code is the machine-readable code of an error the agent answers; the
// contract (OpenAPI.json, schema Error) lists them.
type Code string

// The codes of the agent's errors.
const (
	CodeUnauthorized     Code = "unauthorized"       // 401: no bearer token, or not the agent's
	CodeNotFound         Code = "not_found"          // 404: no such path, or no such job
	CodeMethodNotAllowed Code = "method_not_allowed" // 405
	CodeTooLarge         Code = "too_large"          // 413: the body is over Config.MaxBodyBytes
	CodeBadRequest       Code = "bad_request"        // 400: a parameter or a JSON request body is wrong
	CodeInvalidPacket    Code = "invalid_packet"     // 422: the packet cannot be read whole, or cannot be used so
	CodeSigning          Code = "signing_failed"     // 422: the signer refused the packet
	CodeBusy             Code = "busy"               // 429: the cap on jobs or requests is reached; see Retry-After
	CodeNotConfigured    Code = "not_configured"     // 503: the agent was started without what this needs
	CodeService          Code = "service_error"      // 502: the national service failed or refused
	CodeInternal         Code = "internal"           // 500: a fault of the agent's
)

// ErrorBody is the one shape of every error the agent answers, in both
// languages: Message in English, for the developer and the logs;
// MessageVI in Vietnamese, for the person who must act on it.
type ErrorBody struct {
	Code      Code              `json:"code"`
	Message   string            `json:"message"`
	MessageVI string            `json:"messageVI"`
	Rule      string            `json:"rule,omitempty"`     // the rule of the catalogue the failure breaks, when there is one
	Findings  []Finding         `json:"findings,omitempty"` // why a packet was refused
	Status    int               `json:"-"`
	header    map[string]string // extra headers, e.g. Retry-After
}

// Error returns the code and the English message.
func (e *ErrorBody) Error() string { return string(e.Code) + ": " + e.Message }

// Messages returns the Vietnamese and the English messages.
func (e *ErrorBody) Messages() (vi, en string) { return e.MessageVI, e.Message }

// Finding is a finding of a packet as the agent answers it: the wire form
// of packet.Finding (MaLoi, MucDo, DuongDan, MoTa in Vietnamese) and its
// English message.
type Finding struct {
	packet.Finding
	Message string `json:"message"`
}

// findings turns the module's findings into the agent's.
func findings(fs []packet.Finding) []Finding {
	out := make([]Finding, len(fs))
	for i, f := range fs {
		out[i] = Finding{Finding: f, Message: f.MessageEN}
		if out[i].Message == "" {
			out[i].Message = f.MessageVI
		}
	}
	return out
}

// newError makes an error body; vi and en are the two messages.
func newError(status int, code Code, vi, en string) *ErrorBody {
	return &ErrorBody{Status: status, Code: code, MessageVI: vi, Message: en}
}

// fromError makes an error body of err, with its two messages (msg.Split)
// and, when it is made of findings, those.
func fromError(status int, code Code, err error) *ErrorBody {
	vi, en := msg.Split(err)
	e := newError(status, code, vi, en)
	var fs packet.Findings
	if errors.As(err, &fs) {
		e.Findings = findings(fs)
	}
	var me *packet.MigrationError
	if errors.As(err, &me) && len(me.Findings) > 0 {
		e.Findings = findings(me.Findings)
	}
	return e
}

// withRetryAfter sets the Retry-After header of a busy answer.
func (e *ErrorBody) withRetryAfter(seconds int) *ErrorBody {
	e.header = map[string]string{"Retry-After": strconv.Itoa(seconds)}
	return e
}

// writeError writes e as the answer.
func writeError(w http.ResponseWriter, e *ErrorBody) {
	for k, v := range e.header {
		w.Header().Set(k, v)
	}
	if e.Code == CodeUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="cbccvc"`)
	}
	writeJSON(w, e.Status, e)
}

// writeJSON writes v as a JSON answer with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // only the agent's own types are written: a fault of ours
		status = http.StatusInternalServerError
		b, _ = json.Marshal(internalError(fmt.Errorf("encoding the answer: %w", err)))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// The errors the agent itself makes, in both languages.

func unauthorized() *ErrorBody {
	return newError(http.StatusUnauthorized, CodeUnauthorized,
		"Yêu cầu chưa được xác thực: thiếu mã truy cập hoặc mã truy cập không đúng. Đề nghị gửi kèm mã truy cập do người quản trị dịch vụ cung cấp.",
		"missing or wrong bearer token: send the header Authorization: Bearer <token>")
}

func notFound(what string) *ErrorBody {
	return newError(http.StatusNotFound, CodeNotFound,
		"Không tìm thấy "+what+". Đề nghị kiểm tra lại đường dẫn theo tài liệu đặc tả của dịch vụ (/openapi.json).",
		"no "+what+" here: see the contract at /openapi.json")
}

func methodNotAllowed(allow string) *ErrorBody {
	e := newError(http.StatusMethodNotAllowed, CodeMethodNotAllowed,
		"Đường dẫn này không nhận phương thức đã gửi. Đề nghị dùng phương thức "+allow+".",
		"method not allowed here; use "+allow)
	e.header = map[string]string{"Allow": allow}
	return e
}

func tooLarge(limit int64) *ErrorBody {
	return newError(http.StatusRequestEntityTooLarge, CodeTooLarge,
		fmt.Sprintf("Nội dung yêu cầu vượt quá giới hạn %s byte của dịch vụ. Đề nghị chia gói tin thành các gói nhỏ hơn.", groupDigits(limit)),
		fmt.Sprintf("the request body is over the agent's limit of %d bytes: split the packet", limit))
}

func badRequest(vi, en string) *ErrorBody {
	return newError(http.StatusBadRequest, CodeBadRequest, vi, en)
}

func busy(what string, n, retry int) *ErrorBody {
	return newError(http.StatusTooManyRequests, CodeBusy,
		fmt.Sprintf("Dịch vụ đang xử lý %d %s cùng lúc, đã đạt giới hạn. Đề nghị thử lại sau %d giây.", n, what, retry),
		fmt.Sprintf("the agent is at its cap of %d concurrent %s: retry after %d seconds", n, englishOf[what], retry)).withRetryAfter(retry)
}

// englishOf names in English what busy counts.
var englishOf = map[string]string{"công việc gửi": "send jobs", "yêu cầu": "requests"}

func notConfigured(vi, en string) *ErrorBody {
	return newError(http.StatusServiceUnavailable, CodeNotConfigured,
		vi+" Đề nghị người quản trị khởi động lại dịch vụ với tham số cần thiết.", en)
}

func internalError(err error) *ErrorBody {
	return newError(http.StatusInternalServerError, CodeInternal,
		"Dịch vụ gặp lỗi nội bộ khi xử lý yêu cầu. Đề nghị thử lại; nếu lỗi lặp lại, gửi chi tiết kỹ thuật ở thông báo tiếng Anh cho người quản trị.",
		"internal error of the agent: "+err.Error())
}

// groupDigits writes n with a dot between groups of three digits, as a
// Vietnamese text writes a large number: 67.108.864.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
