package msg_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/codelist"
	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/internal/msg"
	"github.com/cbccvc/cbccvc-go/ndxp"
	"github.com/cbccvc/cbccvc-go/packet"
	"github.com/cbccvc/cbccvc-go/signing"
)

// TestSplit: the errors of every package give their own Vietnamese message
// through the context wrapped around them, and their English text whole.
func TestSplit(t *testing.T) {
	_, idErr := identifier.ParsePersonalID("0790850012")
	_, _, clErr := codelist.Default().Ethnicity(codelist.Ethnic1979, "77")
	_, ndxpErr := ndxp.NewClient("https://ss.example.vn/cbccvc/v1")
	_, sigErr := (&signing.Verifier{}).Verify(context.Background(), []byte(`{"ThongTinGoiTin":{},"DuLieu":[]}`))
	_, fileErr := os.Open("/no/such/file")
	for _, tc := range []struct {
		name string
		err  error
		vi   string
	}{
		{"identifier", idErr, "Số định danh cá nhân"},
		{"codelist", clErr, "danh mục dùng chung"},
		{"ndxp", ndxpErr, "Đề nghị chỉ ghi địa chỉ của máy chủ"},
		{"ndxp answer", &ndxp.Error{Endpoint: "submit", Status: 403}, "không được phép"},
		{"signing", sigErr, "chưa được ký số"},
		{"packet", packet.Findings{{Rule: packet.RuleSchema, MessageVI: "Thiếu thông tin bắt buộc: họ và tên (HoVaTen). Đề nghị bổ sung."}, {}}, "(và 1 vi phạm khác)"},
		{"a file", fileErr, "Không tìm thấy tệp \"/no/such/file\""},
		{"a cancelled run", context.Canceled, "bị dừng"},
		{"anything else", errors.New("boom"), "dòng tiếng Anh"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil {
				t.Fatal("no error to test")
			}
			wrapped := fmt.Errorf("reading x.json: %w", tc.err)
			vi, en := msg.Split(wrapped)
			if !strings.Contains(vi, tc.vi) || en != wrapped.Error() {
				t.Errorf("Split = %q, %q; want a Vietnamese message with %q", vi, en, tc.vi)
			}
		})
	}
	if vi, en := msg.Split(nil); vi != "" || en != "" {
		t.Errorf("Split(nil) = %q, %q", vi, en)
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[string]string{"4.34": "4,34", "4": "4", "-2.5": "-2,5"} {
		if got := msg.Number(in); got != want {
			t.Errorf("Number(%q) = %q, want %q", in, got, want)
		}
	}
}
