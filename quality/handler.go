package quality

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/packet"
)

// Handler serves the page for people — drop or paste a packet, see its
// findings by rule and by person, each highlighted in the packet's text,
// its signature, and the quality view — and the endpoint it calls. Every
// asset is embedded; the page fetches nothing else. Its paths are relative,
// so it may be mounted under any prefix with http.StripPrefix:
//
//	GET  /             the page
//	GET  /assets/NAME  its script and stylesheet
//	POST /v1/quality   the body is a packet (JSON or XML, at most
//	                   MaxBytes); the answer is a QualityResponse
//
// Errors answer ErrorResponse, the error shape of package agent, which
// mounts a Handler at its root (cbccvc serve). A Handler is safe for
// concurrent use; its zero value checks packets with the zero Checker. It reads a body only up to MaxBytes and checks at most
// MaxConcurrent packets at once (429 over that); the server it is mounted
// on times out slow clients and authenticates (see package agent).
type Handler struct {
	Checker       *Checker // nil: the zero Checker
	MaxBytes      int64    // the largest packet accepted; 0 means 32 MiB
	MaxConcurrent int      // packets checked at once; 0 means 2

	once sync.Once
	mux  *http.ServeMux
	sem  chan struct{}
}

// QualityResponse is the answer of POST /v1/quality.
type QualityResponse struct {
	Report *Report `json:"report"`
	// Locations are where the value of each finding's pointer is written
	// in the packet, as byte offsets (packet.Locate); a pointer the packet
	// has no value at is located at its nearest ancestor (At).
	Locations map[string]packet.Location `json:"locations"`
	// View and SignatureView are the quality view and the signature's
	// card, as HTML (WriteView), for the page to show.
	View          string `json:"view"`
	SignatureView string `json:"signatureView"`
}

// ErrorResponse is the body of an error answer: the agent's error shape,
// a code and the message in English and Vietnamese.
type ErrorResponse struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	MessageVI string `json:"messageVI"`
}

const (
	defaultMaxBytes      = 32 << 20
	defaultMaxConcurrent = 2
)

func (h *Handler) init() {
	h.mux = http.NewServeMux()
	h.mux.HandleFunc("GET /{$}", h.page)
	h.mux.HandleFunc("GET /assets/{name}", h.asset)
	h.mux.HandleFunc("/v1/quality", h.quality)
	n := h.MaxConcurrent
	if n <= 0 {
		n = defaultMaxConcurrent
	}
	h.sem = make(chan struct{}, n)
}

// ServeHTTP serves the page, its assets and its endpoint.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(h.init)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
	w.Header().Set("Referrer-Policy", "no-referrer")
	h.mux.ServeHTTP(w, r)
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	b, _ := assets.ReadFile("assets/index.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

var assetTypes = map[string]string{
	"app.js":    "text/javascript; charset=utf-8",
	"style.css": "text/css; charset=utf-8",
}

func (h *Handler) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctype, ok := assetTypes[name]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found",
			"Trang không có tệp "+strconv.Quote(name)+". Đề nghị mở lại trang từ địa chỉ gốc.",
			"the page has no asset "+strconv.Quote(name))
		return
	}
	b, _ := assets.ReadFile("assets/" + name)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

func (h *Handler) quality(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed",
			"Địa chỉ này chỉ nhận yêu cầu POST có gói tin. Đề nghị gửi gói tin bằng POST.",
			"use POST with the packet as the body")
		return
	}
	select {
	case h.sem <- struct{}{}:
		defer func() { <-h.sem }()
	default:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "busy",
			"Đang kiểm tra các gói tin khác. Đề nghị thử lại sau ít giây.",
			"too many packets are being checked; retry in a second")
		return
	}
	body, ok := h.readBody(w, r)
	if !ok {
		return
	}
	c := h.Checker
	if c == nil {
		c = &Checker{}
	}
	rep, err := c.Check(r.Context(), bytes.NewReader(body), int64(len(body)))
	if err != nil {
		vi, en := msg.Split(err)
		writeError(w, http.StatusInternalServerError, "internal", vi, en)
		return
	}
	resp, err := respond(r, c, body, rep)
	if err != nil {
		vi, en := msg.Split(err)
		writeError(w, http.StatusInternalServerError, "internal", vi, en)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// readBody reads the packet, refusing an empty one or one over MaxBytes
// while it is read.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	limit := h.MaxBytes
	if limit <= 0 {
		limit = defaultMaxBytes
	}
	if r.ContentLength > limit {
		tooLarge(w, limit)
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		tooLarge(w, limit)
		return nil, false
	case err != nil:
		vi, en := msg.Split(err)
		writeError(w, http.StatusBadRequest, "bad_request", vi, "reading the body: "+en)
		return nil, false
	case len(bytes.TrimSpace(body)) == 0:
		writeError(w, http.StatusBadRequest, "bad_request",
			"Chưa có gói tin: nội dung yêu cầu rỗng. Đề nghị gửi gói tin JSON hoặc XML.",
			"the body is empty: send a JSON or XML packet")
		return nil, false
	}
	return body, true
}

func tooLarge(w http.ResponseWriter, limit int64) {
	mib := strconv.FormatInt(limit>>20, 10)
	writeError(w, http.StatusRequestEntityTooLarge, "too_large",
		"Gói tin lớn hơn giới hạn "+mib+" MiB của trang này. Đề nghị dùng lệnh cbccvc report cho gói tin lớn.",
		"the packet is over this page's limit of "+mib+" MiB; use cbccvc report for a large packet")
}

// respond adds to the report the locations of its findings and its views.
func respond(r *http.Request, c *Checker, body []byte, rep *Report) (*QualityResponse, error) {
	ptrs := make([]string, 0, len(rep.Findings))
	for _, f := range rep.Findings {
		ptrs = append(ptrs, f.Pointer)
	}
	// A malformed packet is located up to where it breaks: its finding
	// already says so, so Locate's error is not news.
	locs, _ := packet.Locate(r.Context(), bytes.NewReader(body), packet.FormatAuto, c.Limits, ptrs)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	var view, sig strings.Builder
	if err := WriteView(&view, rep); err != nil {
		return nil, err
	}
	if err := reportTemplate.ExecuteTemplate(&sig, "signature", rep.Signature); err != nil {
		return nil, err
	}
	return &QualityResponse{Report: rep, Locations: locs, View: view.String(), SignatureView: sig.String()}, nil
}

func writeError(w http.ResponseWriter, status int, code, vi, en string) {
	writeJSON(w, status, ErrorResponse{Code: code, Message: en, MessageVI: vi})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
