package ndxp

import (
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/packet"
)

// TestErrorMessages: every error answer says in Vietnamese what it means
// and what to do, and names its first finding.
func TestErrorMessages(t *testing.T) {
	for _, e := range []*Error{
		{Endpoint: "submit", Status: 400, Findings: []packet.Finding{{Rule: packet.RuleSchema, Pointer: "/DuLieu/0/HoVaTen",
			MessageVI: "Thiếu thông tin bắt buộc: họ và tên (HoVaTen). Đề nghị bổ sung.", MessageEN: "HoVaTen is required"}, {Rule: packet.RuleSchema}}},
		{Endpoint: "submit", Status: 401}, {Endpoint: "submit", Status: 403}, {Endpoint: "profile", Status: 404},
		{Endpoint: "submit", Status: 409}, {Endpoint: "submit", Status: 413}, {Endpoint: "submit", Status: 429},
		{Endpoint: "submit", Status: 503}, {Endpoint: "submit", Status: 418},
		{Endpoint: "submit", Status: 500, XRoadError: "Server.ClientProxy.NetworkError", RequestID: "abc"},
	} {
		vi, en := e.Messages()
		if !strings.Contains(vi, "Đề nghị") || strings.Contains(vi, "Bad Request") || en != strings.TrimPrefix(e.Error(), "ndxp: ") {
			t.Errorf("%d: %q / %q", e.Status, vi, en)
		}
		if len(e.Findings) > 0 && (!strings.Contains(vi, "họ và tên (HoVaTen)") || !strings.Contains(vi, "và 1 vi phạm khác")) {
			t.Errorf("%d: the first finding is not named: %q", e.Status, vi)
		}
		if e.XRoadError != "" && (!strings.Contains(vi, "máy chủ an ninh của đơn vị") || !strings.Contains(vi, `"abc"`)) {
			t.Errorf("X-Road fault: %q", vi)
		}
	}
}
