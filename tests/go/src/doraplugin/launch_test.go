// Package doraplugin launches the plugin binary the way Grafana does: through
// hashicorp/go-plugin's client, with Grafana's handshake configuration.
package doraplugin

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	pb "dora/pluginv2"

	hclog "github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// dataPlugin dispenses a pluginv2.Data client, as Grafana's client does.
type dataPlugin struct {
	plugin.NetRPCUnsupportedPlugin
}

func (dataPlugin) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }

func (dataPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (interface{}, error) {
	return pb.NewDataClient(c), nil
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLaunchPingQueryKill(t *testing.T) {
	bin := os.Getenv("DORA_PLUGIN_BIN")
	if bin == "" {
		t.Skip("DORA_PLUGIN_BIN not set")
	}
	launchPingQueryKill(t, bin)
}

// The release zip installed into an empty plugins directory the way
// Grafana's installer does it (install.go), then launched from there by the
// path Grafana computes from plugin.json.
func TestInstallFromZip(t *testing.T) {
	zipPath := os.Getenv("DORA_PLUGIN_ZIP")
	if zipPath == "" {
		t.Skip("DORA_PLUGIN_ZIP not set")
	}
	pluginsDir := t.TempDir()
	pluginDir, err := installZip(zipPath, pluginsDir, "dora-metrics-datasource")
	if err != nil {
		t.Fatalf("install %s: %v", zipPath, err)
	}
	bin, err := executablePath(pluginDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("installed into %s; Grafana would run %s", pluginDir, bin)
	launchPingQueryKill(t, bin)
}

func launchPingQueryKill(t *testing.T, bin string) {
	adminURL := os.Getenv("DORA_TEST_PG_URL")
	if adminURL == "" {
		t.Fatal("DORA_TEST_PG_URL must be set (run through ctest)")
	}
	dbURL := adminURL[:strings.LastIndex(adminURL, "/")] + "/dora_test"
	migrate := exec.Command(os.Getenv("DORA_BINARY"), "migrate")
	migrate.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("dora migrate: %v: %s", err, out)
	}

	logs := &syncBuffer{}
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion:  2,
			MagicCookieKey:   "grafana_plugin_type",
			MagicCookieValue: "datasource",
		},
		VersionedPlugins: map[int]plugin.PluginSet{2: {"data": &dataPlugin{}}},
		Cmd:              exec.Command(bin),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "grafana", Output: logs, Level: hclog.Debug}),
	})
	defer client.Kill()

	start := time.Now()
	rpc, err := client.Client()
	if err != nil {
		t.Fatalf("handshake: %v\n%s", err, logs.String())
	}
	t.Logf("handshake and dial in %v", time.Since(start))
	if err := rpc.Ping(); err != nil {
		t.Fatalf("ping (health service \"plugin\"): %v", err)
	}
	raw, err := rpc.Dispense("data")
	if err != nil {
		t.Fatalf("dispense: %v", err)
	}
	data := raw.(pb.DataClient)

	port := adminURL[strings.LastIndex(adminURL, ":")+1 : strings.LastIndex(adminURL, "/")]
	req := &pb.QueryDataRequest{
		PluginContext: &pb.PluginContext{
			OrgId:    1,
			PluginId: "dora-metrics-datasource",
			DataSourceInstanceSettings: &pb.DataSourceInstanceSettings{
				Uid: "go-client", Url: "127.0.0.1:" + port, User: "postgres", LastUpdatedMS: 1,
				JsonData: []byte(`{"database":"dora_test","sslmode":"disable"}`),
			},
		},
		Queries: []*pb.DataQuery{
			{RefId: "A", TimeRange: &pb.TimeRange{FromEpochMS: time.Now().Add(-30 * 24 * time.Hour).UnixMilli(), ToEpochMS: time.Now().UnixMilli()},
				Json: []byte(`{"refId":"A","expr":"deploys by service"}`)},
			{RefId: "B", TimeRange: &pb.TimeRange{FromEpochMS: 0, ToEpochMS: 1},
				Json: []byte(`{"refId":"B","expr":"deploys by"}`)},
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, err := data.QueryData(ctx, req)
	if err != nil {
		t.Fatalf("QueryData: %v", err)
	}
	a := resp.Responses["A"]
	if a.Status != 200 || a.Error != "" || len(a.Frames) != 1 || !bytes.HasPrefix(a.Frames[0], []byte("ARROW1")) {
		t.Errorf("A: status %d, error %q, %d frames", a.Status, a.Error, len(a.Frames))
	}
	b := resp.Responses["B"]
	if b.Status != 400 || b.ErrorSource != "downstream" || !strings.Contains(b.Error, "parse error") {
		t.Errorf("B: status %d, source %q, error %q", b.Status, b.ErrorSource, b.Error)
	}

	// Kill calls GRPCController.Shutdown and waits up to 2 s before SIGKILL.
	killStart := time.Now()
	client.Kill()
	took := time.Since(killStart)
	t.Logf("Kill returned in %v", took)
	if !client.Exited() {
		t.Error("plugin process still running after Kill")
	}
	if strings.Contains(logs.String(), "plugin failed to exit gracefully") || took > 1900*time.Millisecond {
		t.Errorf("plugin was force-killed (Kill took %v)\n%s", took, logs.String())
	}
}
