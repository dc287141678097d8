// Package packet is the data-packet model of Decision 356/QĐ-BNV (gói tin):
// the envelope and header, the four record kinds — profiles (HoSo), change
// events (BienDong), matching results (KetQuaDoiKhop) and processing results
// (KetQuaXuLy) — and the five packet kinds that carry them.
package packet
