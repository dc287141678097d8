package agent

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// maxPullRequest caps the JSON body of POST /v1/pull, whatever
// Config.MaxBodyBytes: a query is small.
const maxPullRequest = 64 << 10

// maxPullIDs caps the personal IDs of one pull.
const maxPullIDs = 1000

// PullRequest is the body of POST /v1/pull.
type PullRequest struct {
	// What is pulled: "matched", the results of matching the agency's
	// profiles (DOIKHOP packets), or "profiles", the profiles the
	// national database holds (CHIASE_HOSO packets).
	What string `json:"what"`
	// Since: only what changed since this time (RFC 3339).
	Since string `json:"since,omitempty"`
	// Unit: profiles of this unit and the units under it.
	Unit string `json:"unit,omitempty"`
	// PageSize: records per page, at most 1000; 0 for the service's.
	PageSize int `json:"pageSize,omitempty"`
	// Purpose of a pull of profiles: CONG_TAC_CAN_BO (default) or DONG_Y
	// with Consent, the reference of the person's consent.
	Purpose string `json:"purpose,omitempty"`
	Consent string `json:"consent,omitempty"`
	// IDs: pull the profiles of these personal IDs, one packet each.
	IDs []string `json:"ids,omitempty"`
	// MaxPackets caps the packets answered; default and most 100. The
	// answer says when more were left (Truncated): pull again with Since.
	MaxPackets int `json:"maxPackets,omitempty"`
}

// PullResult is the answer of POST /v1/pull.
type PullResult struct {
	Packets   []PulledPacket `json:"packets"`
	Truncated bool           `json:"truncated"` // MaxPackets was reached before the last page
}

// PulledPacket is a packet pulled and verified, as it arrived.
type PulledPacket struct {
	ID      string `json:"id"` // MaGoiTin
	Kind    string `json:"kind"`
	Records int    `json:"records"`
	Format  string `json:"format"`
	Signer  string `json:"signer"` // the certificate subject of the signature that verified
	Agency  string `json:"agency"`
	Packet  string `json:"packet"` // the packet as it arrived, signature included
}

func (a *Agent) pull(w http.ResponseWriter, r *http.Request) {
	if a.cfg.Client == nil {
		writeError(w, notConfigured("Dịch vụ chưa được cấu hình kết nối tới Cơ sở dữ liệu quốc gia về CBCCVC.", "the agent has no client of the national service"))
		return
	}
	var req PullRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxPullRequest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, tooLarge(mbe.Limit))
			return
		}
		writeError(w, badRequest("Nội dung yêu cầu khai thác dữ liệu không đúng định dạng JSON đã quy định. Đề nghị đối chiếu tài liệu đặc tả (/openapi.json).",
			"the pull request is not the JSON the contract describes: "+err.Error()))
		return
	}
	pages, max, e := a.pages(r.Context(), req)
	if e != nil {
		writeError(w, e)
		return
	}
	res := PullResult{Packets: []PulledPacket{}}
	for ans, err := range pages {
		if err != nil {
			status, code := http.StatusBadGateway, CodeService
			var ne *ndxp.Error
			if !errors.As(err, &ne) && signing.Rule(err) != "" {
				code = CodeSigning
			}
			e := fromError(status, code, err)
			e.Rule = signing.Rule(err)
			writeError(w, e)
			return
		}
		if len(res.Packets) == max {
			res.Truncated = true
			break
		}
		f, _ := packet.DetectFormat(ans.Raw)
		res.Packets = append(res.Packets, PulledPacket{ID: ans.Packet.Header.ID.String(), Kind: string(ans.Packet.Header.Kind),
			Records: ans.Packet.Records.Len(), Format: formatName(f), Signer: ans.Signer.Subject.String(),
			Agency: ans.Agency.String(), Packet: string(ans.Raw)})
	}
	writeJSON(w, http.StatusOK, res)
}

// pages checks a pull request and returns its pages, with the most
// packets to answer.
func (a *Agent) pages(ctx context.Context, req PullRequest) (iter.Seq2[*ndxp.Answer, error], int, *ErrorBody) {
	bad := func(field, vi, en string) *ErrorBody {
		return badRequest("Trường "+field+" của yêu cầu khai thác dữ liệu không hợp lệ. Đề nghị "+vi, field+": "+en)
	}
	max := req.MaxPackets
	switch {
	case req.What != "matched" && req.What != "profiles":
		return nil, 0, bad("what", "ghi matched (kết quả đối khớp dữ liệu) hoặc profiles (hồ sơ).", `must be "matched" or "profiles"`)
	case max < 0 || max > 100:
		return nil, 0, bad("maxPackets", "ghi số từ 1 đến 100.", "must be 1 to 100")
	case req.PageSize < 0 || req.PageSize > 1000:
		return nil, 0, bad("pageSize", "ghi số từ 1 đến 1000.", "must be 1 to 1000")
	case len(req.IDs) > maxPullIDs:
		return nil, 0, bad("ids", "khai thác mỗi lần không quá 1000 số định danh cá nhân.", "at most 1000 personal IDs")
	case req.What == "matched" && (req.Purpose != "" || req.Consent != "" || len(req.IDs) > 0 || req.Unit != ""):
		return nil, 0, bad("what", "chỉ ghi purpose, consent, ids, unit khi khai thác hồ sơ (profiles).", "purpose, consent, ids and unit are for profiles")
	case len(req.IDs) > 0 && (req.Unit != "" || req.Since != "" || req.PageSize != 0):
		return nil, 0, bad("ids", "không ghi unit, since, pageSize khi khai thác theo số định danh cá nhân.", "a pull by personal ID takes no unit, since or pageSize")
	}
	if max == 0 {
		max = 100
	}
	var since time.Time
	if req.Since != "" {
		var err error
		if since, err = time.Parse(time.RFC3339, req.Since); err != nil {
			return nil, 0, bad("since", "ghi thời điểm theo dạng năm-tháng-ngàyTgiờ:phút:giây và múi giờ, ví dụ 2026-11-01T00:00:00+07:00.", "must be an RFC 3339 time")
		}
	}
	c := a.cfg.Client
	if req.What == "matched" {
		return c.Matches(ctx, ndxp.MatchQuery{Since: since, PageSize: req.PageSize}), max, nil
	}
	code := req.Purpose
	if code == "" {
		code = "CONG_TAC_CAN_BO"
	}
	purpose, err := ndxp.ParsePurpose(code, req.Consent)
	if err != nil {
		return nil, 0, fromError(http.StatusBadRequest, CodeBadRequest, err)
	}
	if len(req.IDs) > 0 {
		ids := make([]identifier.PersonalID, len(req.IDs))
		for i, s := range req.IDs {
			if ids[i], err = identifier.ParsePersonalID(strings.TrimSpace(s)); err != nil {
				return nil, 0, fromError(http.StatusBadRequest, CodeBadRequest, err)
			}
		}
		return func(yield func(*ndxp.Answer, error) bool) {
			for _, id := range ids {
				a, err := c.ProfileAnswer(ctx, id, purpose)
				if !yield(a, err) || err != nil {
					return
				}
			}
		}, max, nil
	}
	var unit identifier.AgencyCode
	if req.Unit != "" {
		if unit, err = identifier.ParseAgencyCode(req.Unit); err != nil {
			return nil, 0, fromError(http.StatusBadRequest, CodeBadRequest, err)
		}
	}
	return c.Profiles(ctx, ndxp.ProfileQuery{Unit: unit, UpdatedSince: since, PageSize: req.PageSize, Purpose: purpose}), max, nil
}
