package ndxp

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Sentinels for the classes of answer (docs/guide/en/08-errors.md#the-national-service-ndxp); an *Error matches
// the one its status names, so that callers write
//
//	if errors.Is(err, ndxp.ErrNotFound) { … }
var (
	ErrBadRequest     = errors.New("ndxp: bad request")           // 400: the request or the packet is malformed
	ErrUnauthorized   = errors.New("ndxp: unauthorised")          // 401: no valid credentials, even after one renewal
	ErrForbidden      = errors.New("ndxp: forbidden")             // 403: the caller may not do this, e.g. send for another agency
	ErrNotFound       = errors.New("ndxp: not found")             // 404
	ErrConflict       = errors.New("ndxp: conflict")              // 409: a MaGoiTin reused with other content
	ErrTooLarge       = errors.New("ndxp: packet too large")      // 413
	ErrRateLimited    = errors.New("ndxp: rate limited")          // 429, after the retries
	ErrUnavailable    = errors.New("ndxp: service unavailable")   // 500, 502, 503, 504, after the retries
	ErrSecurityServer = errors.New("ndxp: security server fault") // an X-Road-Error answer: a fault of NDXP, not of the service
)

// ErrRequestHash reports an answer whose X-Road-Request-Hash does not match
// the request the client sent: the answer belongs to another request.
var ErrRequestHash = errors.New("ndxp: X-Road-Request-Hash does not match the request")

// ErrUnexpectedAnswer reports a verified answer that is not the one asked
// for: another kind of packet, another sender or receiver, or a PHANHOI
// that answers another packet.
var ErrUnexpectedAnswer = errors.New("ndxp: unexpected answer")

// Error is an error answer of the national service (RFC 9457
// problem+json, docs/guide/en/08-errors.md#the-national-service-ndxp) or of an NDXP security server (an answer
// with X-Road-Error). Use errors.Is with the sentinels above, or errors.As
// for the details.
type Error struct {
	Method   string // the request's method
	Endpoint string // the endpoint's name (submit, result, matches, profiles, profile, codelist, token), never a path with a personal ID in it
	Status   int    // HTTP status

	Type     string // problem type URI
	Title    string
	Detail   string
	DetailVI string           // chiTiet: Detail in Vietnamese, when the service gives it
	Code     string           // maLoi
	Findings []packet.Finding // viPham: why a packet or a query was refused; their messages may quote the packet's values

	// XRoadError is the X-Road-Error header of a security-server fault,
	// e.g. "Server.ServerProxy.ServiceFailed"; empty for a service error.
	XRoadError string
	RequestID  string        // X-Road-Id of the request
	RetryAfter time.Duration // the server's Retry-After, if it sent one
	Attempts   int           // how many times the request was sent
}

// Error returns a one-line description naming the endpoint and the status.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "ndxp: %s: %d %s", e.Endpoint, e.Status, http.StatusText(e.Status))
	if e.XRoadError != "" {
		fmt.Fprintf(&b, " (X-Road-Error %s)", e.XRoadError)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", e.Code)
	}
	switch {
	case e.Detail != "":
		b.WriteString(": " + e.Detail)
	case e.Title != "":
		b.WriteString(": " + e.Title)
	}
	if n := len(e.Findings); n > 0 {
		fmt.Fprintf(&b, " (%d findings, first %s at %s)", n, e.Findings[0].Rule, e.Findings[0].Pointer)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	return b.String()
}

// Is matches the sentinel of the error's class.
func (e *Error) Is(target error) bool {
	if target == ErrSecurityServer {
		return e.XRoadError != ""
	}
	return target == statusSentinel(e.Status)
}

// XRoadCategory is the origin of a security-server fault, from the prefix
// of its X-Road-Error (PR-REST §4.6): "client" (the request broke the
// protocol), "consumer" (the agency's own security server) or "provider"
// (the national database's security server). It is empty for a service error.
func (e *Error) XRoadCategory() string {
	switch {
	case e.XRoadError == "":
		return ""
	case strings.HasPrefix(e.XRoadError, "Client."):
		return "client"
	case strings.HasPrefix(e.XRoadError, "Server.ClientProxy."):
		return "consumer"
	case strings.HasPrefix(e.XRoadError, "Server.ServerProxy."):
		return "provider"
	}
	return "unknown"
}

func statusSentinel(status int) error {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity, http.StatusUnsupportedMediaType:
		return ErrBadRequest
	case http.StatusUnauthorized:
		return ErrUnauthorized
	case http.StatusForbidden:
		return ErrForbidden
	case http.StatusNotFound:
		return ErrNotFound
	case http.StatusConflict:
		return ErrConflict
	case http.StatusRequestEntityTooLarge:
		return ErrTooLarge
	case http.StatusTooManyRequests:
		return ErrRateLimited
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return ErrUnavailable
	}
	return nil
}

// ErrBaseURL reports a base URL the client cannot use: not http(s), with a
// query, or with the path of a transport in it (/r1/… or /cbccvc/v1),
// which the client adds itself: the requests would go to paths the service
// does not have, and fail as a 404, a 401 or a request hash that does not
// match.
var ErrBaseURL = errors.New("ndxp: unusable base URL")

// ErrOption reports a client that cannot work as configured: no verifier,
// no transport, an empty option.
var ErrOption = errors.New("ndxp: client not configured")

// LocalError is an error the client or the uploader found on its own
// side, with no error answer of the service to report: a base URL or an
// option that cannot work (ErrBaseURL, ErrOption), a journal of another
// upload (ErrJournalMismatch). Err is the sentinel; MessageEN says what is
// wrong in English, MessageVI in Vietnamese with what to do.
type LocalError struct {
	Err       error
	MessageEN string
	MessageVI string

	cause error // the error the detail comes from, if any
}

// Error returns the English message.
func (e *LocalError) Error() string { return "ndxp: " + e.MessageEN }

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *LocalError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.cause}
}

// Messages returns the Vietnamese and the English messages.
func (e *LocalError) Messages() (vi, en string) { return e.MessageVI, e.MessageEN }

// Messages returns what the answer means in Vietnamese, with what to do,
// and in English (Error without the prefix). The Vietnamese message names
// the rule of the first finding of the answer, if it has any, by its
// description in the rule table: a finding's own message may quote a value
// of the packet, a name or a birth date, which an error string never
// carries (Findings holds them for a caller who asks).
func (e *Error) Messages() (vi, en string) {
	en = strings.TrimPrefix(e.Error(), "ndxp: ")
	vi = statusVI(e)
	if e.DetailVI != "" {
		vi = e.DetailVI
	}
	if len(e.Findings) > 0 {
		f := e.Findings[0]
		vi += " Vi phạm thứ nhất: " + f.Rule
		if r, ok := packet.LookupRule(f.Rule); ok {
			vi += " (" + r.DescriptionVI + ")"
		}
		vi += placeVI(f.Pointer) + "."
		if n := len(e.Findings) - 1; n > 0 {
			vi += fmt.Sprintf(" Còn %d vi phạm khác.", n)
		}
	}
	return vi, en
}

// statusVI says in Vietnamese what an error answer means and what to do.
func statusVI(e *Error) string {
	if e.XRoadError != "" {
		side := map[string]string{
			"client":   "yêu cầu gửi đi không đúng giao thức",
			"consumer": "lỗi ở máy chủ an ninh của đơn vị",
			"provider": "lỗi ở máy chủ an ninh của CSDLQG",
		}[e.XRoadCategory()]
		if side == "" {
			side = "lỗi chưa xác định được phía nào"
		}
		return "Lỗi của Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP), không phải của dịch vụ: " + side +
			". Đề nghị báo mã yêu cầu (X-Road-Id) " + strconv.Quote(e.RequestID) + " cho đơn vị vận hành."
	}
	switch statusSentinel(e.Status) {
	case ErrBadRequest:
		return "Dịch vụ từ chối yêu cầu vì yêu cầu hoặc gói tin không đúng định dạng. Đề nghị kiểm tra gói tin trước khi gửi rồi gửi lại."
	case ErrUnauthorized:
		return "Dịch vụ không chấp nhận thông tin xác thực, kể cả sau khi lấy lại mã truy cập. Đề nghị kiểm tra mã và mật khẩu ứng dụng OAuth, hoặc việc đăng ký hệ thống con của đơn vị trên máy chủ an ninh, và địa chỉ dịch vụ."
	case ErrForbidden:
		return "Đơn vị không được phép thực hiện yêu cầu này, ví dụ gửi gói tin thay cho đơn vị khác. Đề nghị gửi gói tin của mỗi đơn vị bằng hệ thống con hoặc tài khoản của chính đơn vị đó."
	case ErrNotFound:
		return "Không tìm thấy gói tin, hồ sơ hoặc danh mục được yêu cầu. Đề nghị kiểm tra lại mã được yêu cầu và địa chỉ dịch vụ."
	case ErrConflict:
		return "Mã gói tin (MaGoiTin) đã được dùng cho một gói tin có nội dung khác. Đề nghị tạo mã gói tin mới cho nội dung mới."
	case ErrTooLarge:
		return "Gói tin quá lớn. Đề nghị chia thành các gói tin nhỏ hơn."
	case ErrRateLimited:
		return "Gửi quá nhiều yêu cầu trong thời gian ngắn; đã thử lại nhưng không thành công. Đề nghị giảm tốc độ gửi hoặc chạy lại sau."
	case ErrUnavailable:
		return "Dịch vụ tạm thời không phục vụ được; đã thử lại nhưng không thành công. Đề nghị chạy lại sau."
	}
	return fmt.Sprintf("Dịch vụ trả lời mã lỗi %d. Đề nghị xem chi tiết kỹ thuật bằng tiếng Anh.", e.Status)
}

// checkBase refuses a base URL that holds the path of a transport, which
// the client adds itself, and says which base URL to pass instead.
func checkBase(raw string, u *url.URL) error {
	p := u.Path
	i, what, whatVI := strings.Index(p+"/", wire.XRoadPrefix), "the X-Road path "+wire.XRoadPrefix+"…", "đường dẫn "+wire.XRoadPrefix+"… của giao thức X-Road"
	if i < 0 {
		i, what, whatVI = strings.Index(p+"/", wire.GatewayPrefix+"/"), "the gateway path "+wire.GatewayPrefix, "đường dẫn "+wire.GatewayPrefix+" của cổng OAuth"
	}
	if i < 0 {
		return nil
	}
	want := *u
	want.Path, want.RawPath = p[:i], ""
	base := strings.TrimRight(want.String(), "/")
	return &LocalError{Err: ErrBaseURL,
		MessageEN: fmt.Sprintf("base URL %q holds %s, which the client adds itself: pass %q", raw, what, base),
		MessageVI: fmt.Sprintf("Địa chỉ dịch vụ %q đã có sẵn %s; phần mềm tự thêm đường dẫn này. Đề nghị chỉ ghi địa chỉ của máy chủ: %q.", raw, whatVI, base)}
}

// optionError is the error of a client option that cannot work.
func optionError(en, vi string) error {
	return &LocalError{Err: ErrOption, MessageEN: en, MessageVI: vi}
}

// journalError explains a journal that belongs to another upload: what is
// wrong, and what to do instead of running again.
func journalError(path string, err error) error {
	var le *LocalError
	if !errors.Is(err, ErrJournalMismatch) || errors.As(err, &le) {
		return err
	}
	return &LocalError{Err: ErrJournalMismatch, cause: err,
		MessageEN: strings.TrimPrefix(err.Error(), "ndxp: ") + ": the journal " + path + " belongs to another upload; " +
			"give this upload a journal of its own, or resume the journal's upload with the same records in the same order",
		MessageVI: fmt.Sprintf("Tệp nhật ký tải lên %q là của một lần gửi khác, không khớp với lần gửi này. "+
			"Đề nghị dùng một tệp nhật ký khác cho lần gửi mới; nếu muốn tiếp tục lần gửi cũ, chạy lại với đúng các tệp đầu vào như lần trước, theo đúng thứ tự.", path)}
}

// placeVI names, in words, where in the packet the finding at the JSON
// Pointer ptr is: «, tại họ và tên (HoVaTen) của bản ghi thứ 1»; the
// pointer itself stays in Findings.
func placeVI(ptr string) string {
	segs := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	if ptr == "" || len(segs) == 0 {
		return ""
	}
	where := ""
	switch n, err := strconv.Atoi(segs[min(1, len(segs)-1)]); {
	case segs[0] == "DuLieu" && len(segs) > 1 && err == nil:
		where = fmt.Sprintf("bản ghi thứ %d", n+1)
	case segs[0] == "ThongTinGoiTin":
		where = "phần thông tin chung của gói tin"
	default:
		return ""
	}
	if last := segs[len(segs)-1]; len(segs) > 2 || segs[0] == "ThongTinGoiTin" && len(segs) > 1 {
		if l := packet.FieldLabel(last); l != "" {
			return ", tại " + l + " (" + last + ") của " + where
		}
	}
	return ", tại " + where
}
