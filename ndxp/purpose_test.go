package ndxp

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cbccvc/cbccvc-go/identifier"
	"github.com/cbccvc/cbccvc-go/ndxp/internal/wire"
	"github.com/cbccvc/cbccvc-go/packet"
)

func TestPurposeValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      Purpose
		wantVI string // empty: valid
	}{
		{"cadre work", PurposeCadreWork, ""},
		{"consent", PurposeConsent("15/2026/DY"), ""},
		{"consent in Vietnamese", PurposeConsent("Số 15/GĐY ngày 02/01/2026"), ""},
		{"consent without a reference", PurposeConsent(""), "cần mã văn bản đồng ý"},
		{"consent with a blank reference", PurposeConsent("  "), "cần mã văn bản đồng ý"},
		{"consent with a control character", PurposeConsent("15\n16"), "không in được"},
		{"consent not UTF-8", PurposeConsent("15\xff"), "không in được"},
		{"consent too long", PurposeConsent(strings.Repeat("9", wire.MaxConsentRef+1)), "quá giới hạn"},
		{"cadre work with a reference", Purpose{code: wire.PurposeCadreWork, consent: "15"}, "không kèm văn bản đồng ý"},
		{"unknown", Purpose{code: "THONG_KE"}, "chỉ nhận CONG_TAC_CAN_BO"},
		{"lower case", Purpose{code: "dong_y", consent: "15"}, "chỉ nhận CONG_TAC_CAN_BO"},
		{"zero", Purpose{}, "Thiếu mục đích khai thác"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate()
			if tc.wantVI == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var le *LocalError
			if !errors.Is(err, ErrPurpose) || !errors.As(err, &le) {
				t.Fatalf("Validate: %v, want a *LocalError matching ErrPurpose", err)
			}
			if !strings.Contains(le.MessageVI, tc.wantVI) || !strings.Contains(le.MessageVI, "Đề nghị") || le.MessageEN == "" {
				t.Errorf("messages %q / %q, want one with %q", le.MessageVI, le.MessageEN, tc.wantVI)
			}
			if _, err := NewClient("https://ndxp.example", WithVerifier(nil), WithXRoadClient(identifier.Subsystem{}), WithPurpose(tc.p)); !errors.Is(err, ErrPurpose) {
				t.Errorf("NewClient with WithPurpose: %v, want ErrPurpose", err)
			}
			if p, err := ParsePurpose(tc.p.Code(), tc.p.Consent()); !errors.Is(err, ErrPurpose) || p != tc.p {
				t.Errorf("ParsePurpose: %v, %v", p, err)
			}
		})
	}
}

// TestPullsCarryPurpose: every pull of profiles names its purpose, the
// client's by default, the query's when it has one; a purpose that cannot
// be sent is not.
func TestPullsCarryPurpose(t *testing.T) {
	id := identifier.MustParsePersonalID("079085001234")
	f := newFake(t, func(f *fake, w http.ResponseWriter, r *http.Request, s seen, n int) {
		p := f.gen.Packet(packet.KindSharedProfiles, 1)
		p.Records.Profiles[0].PersonalID = id
		f.write(w, s, http.StatusOK, wire.MediaJSON, f.signed(p))
	})
	consent := PurposeConsent("15/2026/DY")
	for _, tc := range []struct {
		name string
		opts []Option
		pull func(c *Client) error
		want url.Values
	}{
		{"profile, default", nil, func(c *Client) error { _, err := c.Profile(context.Background(), id); return err },
			url.Values{wire.QueryPurpose: {wire.PurposeCadreWork}}},
		{"profile, client's consent", []Option{WithPurpose(consent)}, func(c *Client) error { _, err := c.Profile(context.Background(), id); return err },
			url.Values{wire.QueryPurpose: {wire.PurposeConsent}, wire.QueryConsent: {"15/2026/DY"}}},
		{"profile answer, its own", []Option{WithPurpose(consent)}, func(c *Client) error {
			_, err := c.ProfileAnswer(context.Background(), id, PurposeCadreWork)
			return err
		}, url.Values{wire.QueryPurpose: {wire.PurposeCadreWork}}},
		{"profiles, default", nil, func(c *Client) error {
			for _, err := range c.Profiles(context.Background(), ProfileQuery{}) {
				return err
			}
			return nil
		}, url.Values{wire.QueryPurpose: {wire.PurposeCadreWork}}},
		{"profiles, the query's", nil, func(c *Client) error {
			for _, err := range c.Profiles(context.Background(), ProfileQuery{Purpose: consent}) {
				return err
			}
			return nil
		}, url.Values{wire.QueryPurpose: {wire.PurposeConsent}, wire.QueryConsent: {"15/2026/DY"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(f.service())
			if err := tc.pull(f.client(tc.opts...)); err != nil {
				t.Fatal(err)
			}
			got := f.service()[before:]
			if len(got) != 1 {
				t.Fatalf("%d requests", len(got))
			}
			q, _ := url.ParseQuery(got[0].query)
			for k, v := range tc.want {
				if q.Get(k) != v[0] || len(q[k]) != 1 {
					t.Errorf("query %s = %v, want %v", k, q[k], v)
				}
			}
			if _, ok := tc.want[wire.QueryConsent]; !ok && q.Has(wire.QueryConsent) {
				t.Errorf("query %s sent with %s", wire.QueryConsent, q.Get(wire.QueryPurpose))
			}
		})
	}
	t.Run("a query's bad purpose is not sent", func(t *testing.T) {
		before := len(f.service())
		c := f.client()
		var errs []error
		for _, err := range c.Profiles(context.Background(), ProfileQuery{Purpose: PurposeConsent("")}) {
			errs = append(errs, err)
		}
		if _, err := c.ProfileAnswer(context.Background(), id, PurposeConsent("")); err != nil {
			errs = append(errs, err)
		}
		if len(errs) != 2 || !errors.Is(errs[0], ErrPurpose) || !errors.Is(errs[1], ErrPurpose) {
			t.Errorf("errors %v, want ErrPurpose twice", errs)
		}
		if n := len(f.service()) - before; n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
}
