package ndxp

import (
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/internal/msg/msgtest"
	"github.com/cbccvc/cbccvc-go/packet"
)

// TestErrorMessages: every error answer says in Vietnamese what it means
// and what to do, and names its first finding by its rule and place, never
// by its message, which may quote a value of the packet.
func TestErrorMessages(t *testing.T) {
	for _, e := range []*Error{
		{Endpoint: "submit", Status: 400, Findings: []packet.Finding{{Rule: packet.RuleNameCharacter, Pointer: "/DuLieu/0/HoVaTen",
			MessageVI: `Họ và tên (HoVaTen) "Nguyễn Văn 3" có chữ số. Đề nghị sửa.`, MessageEN: `HoVaTen "Nguyễn Văn 3" has a digit`}, {Rule: packet.RuleSchema}}},
		{Endpoint: "profiles", Status: 400, Detail: "muc-dich: want CONG_TAC_CAN_BO or DONG_Y",
			DetailVI: "Mục đích khai thác (MucDich) không đúng. Đề nghị chọn CONG_TAC_CAN_BO hoặc DONG_Y."},
		{Endpoint: "submit", Status: 401}, {Endpoint: "submit", Status: 403}, {Endpoint: "profile", Status: 404},
		{Endpoint: "submit", Status: 409}, {Endpoint: "submit", Status: 413}, {Endpoint: "submit", Status: 429},
		{Endpoint: "submit", Status: 503}, {Endpoint: "submit", Status: 418},
		{Endpoint: "submit", Status: 500, XRoadError: "Server.ClientProxy.NetworkError", RequestID: "abc"},
	} {
		vi, en := e.Messages()
		for _, p := range msgtest.Problems(vi, true) {
			t.Errorf("%d: %s\n\t%s", e.Status, p, vi)
		}
		if !strings.Contains(vi, "Đề nghị") || strings.Contains(vi, "Bad Request") || en != strings.TrimPrefix(e.Error(), "ndxp: ") {
			t.Errorf("%d: %q / %q", e.Status, vi, en)
		}
		if len(e.Findings) > 0 && (!strings.Contains(vi, packet.RuleNameCharacter) || !strings.Contains(vi, "họ và tên (HoVaTen) của bản ghi thứ 1") ||
			!strings.Contains(vi, "Còn 1 vi phạm khác")) {
			t.Errorf("%d: the first finding is not named: %q", e.Status, vi)
		}
		if strings.Contains(vi, "Nguyễn") || strings.Contains(en, "Nguyễn") {
			t.Errorf("%d: a value of the packet in the messages: %q / %q", e.Status, vi, en)
		}
		if e.DetailVI != "" && !strings.HasPrefix(vi, e.DetailVI) {
			t.Errorf("%d: the service's Vietnamese detail is not the message: %q", e.Status, vi)
		}
		if e.XRoadError != "" && (!strings.Contains(vi, "máy chủ an ninh của đơn vị") || !strings.Contains(vi, `"abc"`)) {
			t.Errorf("X-Road fault: %q", vi)
		}
	}
}
