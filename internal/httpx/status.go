// Package httpx holds small HTTP helpers shared by the server and its
// middleware: the one status-recording ResponseWriter and the closed set of
// request methods used as metric labels.
package httpx

import "net/http"

// StatusWriter records the status and size of a response as it is written.
// It keeps http.ResponseController working (Unwrap) and passes Flush on, so
// streaming handlers behind it still stream.
type StatusWriter struct {
	http.ResponseWriter
	// Status is the status sent, 0 until the header is written.
	Status int
	// Bytes counts the body bytes written.
	Bytes int
}

// NewStatusWriter wraps w.
func NewStatusWriter(w http.ResponseWriter) *StatusWriter {
	return &StatusWriter{ResponseWriter: w}
}

// WriteHeader records the first status and sends it.
func (w *StatusWriter) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 and counts the bytes.
func (w *StatusWriter) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.Bytes += n
	return n, err
}

// Flush sends buffered data to the client when the underlying writer can.
func (w *StatusWriter) Flush() {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *StatusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Code is the status to record once the handler returned: 200 when nothing
// was written.
func (w *StatusWriter) Code() int {
	if w.Status == 0 {
		return http.StatusOK
	}
	return w.Status
}

// MethodLabel maps a request method to a closed set usable as a metric
// label: the methods of RFC 9110 and PATCH as they are, anything else
// "OTHER". Clients choose the method; a label must not let them choose the
// number of series.
func MethodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
