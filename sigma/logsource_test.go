package sigma

import "testing"

func TestApplies(t *testing.T) {
	const ps = ChannelPowerShell
	cases := []struct {
		name    string
		ls      Logsource
		channel string
		id      int
		want    bool
	}{
		{"process_creation sysmon", Logsource{Category: "process_creation", Product: "windows"}, ChannelSysmon, 1, true},
		{"process_creation security", Logsource{Category: "process_creation", Product: "windows"}, ChannelSecurity, 4688, true},
		{"process_creation other id", Logsource{Category: "process_creation", Product: "windows"}, ChannelSysmon, 3, false},
		{"process_creation sysmon id on security", Logsource{Category: "process_creation", Product: "windows"}, ChannelSecurity, 1, false},
		{"channel case", Logsource{Category: "process_creation", Product: "windows"}, "microsoft-windows-sysmon/operational", 1, true},
		{"category case", Logsource{Category: "Process_Creation", Product: "Windows"}, ChannelSysmon, 1, true},
		{"network_connection", Logsource{Category: "network_connection"}, ChannelSysmon, 3, true},
		{"process_termination", Logsource{Category: "process_termination"}, ChannelSysmon, 5, true},
		{"driver_load", Logsource{Category: "driver_load"}, ChannelSysmon, 6, true},
		{"image_load", Logsource{Category: "image_load"}, ChannelSysmon, 7, true},
		{"create_remote_thread", Logsource{Category: "create_remote_thread"}, ChannelSysmon, 8, true},
		{"raw_access_thread", Logsource{Category: "raw_access_thread"}, ChannelSysmon, 9, true},
		{"process_access", Logsource{Category: "process_access"}, ChannelSysmon, 10, true},
		{"file_event", Logsource{Category: "file_event"}, ChannelSysmon, 11, true},
		{"file_delete 23", Logsource{Category: "file_delete"}, ChannelSysmon, 23, true},
		{"file_delete 26", Logsource{Category: "file_delete"}, ChannelSysmon, 26, true},
		{"registry_add", Logsource{Category: "registry_add"}, ChannelSysmon, 12, true},
		{"registry_delete", Logsource{Category: "registry_delete"}, ChannelSysmon, 12, true},
		{"registry_set", Logsource{Category: "registry_set"}, ChannelSysmon, 13, true},
		{"registry_set not 12", Logsource{Category: "registry_set"}, ChannelSysmon, 12, false},
		{"registry_rename", Logsource{Category: "registry_rename"}, ChannelSysmon, 14, true},
		{"registry_event 12", Logsource{Category: "registry_event"}, ChannelSysmon, 12, true},
		{"registry_event 14", Logsource{Category: "registry_event"}, ChannelSysmon, 14, true},
		{"create_stream_hash", Logsource{Category: "create_stream_hash"}, ChannelSysmon, 15, true},
		{"pipe_created 17", Logsource{Category: "pipe_created"}, ChannelSysmon, 17, true},
		{"pipe_created 18", Logsource{Category: "pipe_created"}, ChannelSysmon, 18, true},
		{"wmi_event 20", Logsource{Category: "wmi_event"}, ChannelSysmon, 20, true},
		{"dns_query", Logsource{Category: "dns_query"}, ChannelSysmon, 22, true},
		{"clipboard", Logsource{Category: "clipboard"}, ChannelSysmon, 24, true},
		{"process_tampering", Logsource{Category: "process_tampering"}, ChannelSysmon, 25, true},
		{"ps_script", Logsource{Category: "ps_script", Product: "windows"}, ps, 4104, true},
		{"ps_script core", Logsource{Category: "ps_script", Product: "windows"}, ChannelPowerShellCore, 4104, true},
		{"ps_script not 4103", Logsource{Category: "ps_script", Product: "windows"}, ps, 4103, false},
		{"ps_module", Logsource{Category: "ps_module"}, ps, 4103, true},
		{"ps_classic_start", Logsource{Category: "ps_classic_start"}, ChannelPowerShellClassic, 400, true},
		{"ps_classic_provider_start", Logsource{Category: "ps_classic_provider_start"}, ChannelPowerShellClassic, 600, true},
		{"ps_classic_start wrong channel", Logsource{Category: "ps_classic_start"}, ps, 400, false},
		{"service security", Logsource{Product: "windows", Service: "security"}, ChannelSecurity, 4624, true},
		{"service security other channel", Logsource{Product: "windows", Service: "security"}, ChannelSystem, 7045, false},
		{"service system", Logsource{Product: "windows", Service: "system"}, ChannelSystem, 7045, true},
		{"service sysmon", Logsource{Product: "windows", Service: "sysmon"}, ChannelSysmon, 255, true},
		{"service powershell", Logsource{Product: "windows", Service: "powershell"}, ps, 4104, true},
		{"service powershell-classic", Logsource{Product: "windows", Service: "powershell-classic"}, ChannelPowerShellClassic, 800, true},
		{"service taskscheduler", Logsource{Product: "windows", Service: "taskscheduler"}, "Microsoft-Windows-TaskScheduler/Operational", 106, true},
		{"service wmi", Logsource{Product: "windows", Service: "wmi"}, "Microsoft-Windows-WMI-Activity/Operational", 5861, true},
		{"service application", Logsource{Product: "windows", Service: "application"}, ChannelApplication, 1000, true},
		{"unknown service", Logsource{Product: "windows", Service: "nosuch"}, ChannelSecurity, 4624, false},
		{"unknown category", Logsource{Product: "windows", Category: "antivirus"}, ChannelSysmon, 1, false},
		{"category and service", Logsource{Category: "process_creation", Service: "security"}, ChannelSecurity, 4688, true},
		{"category and service excludes sysmon", Logsource{Category: "process_creation", Service: "security"}, ChannelSysmon, 1, false},
		{"product alone", Logsource{Product: "windows"}, "Anything", 42, true},
		{"empty logsource", Logsource{}, ChannelSecurity, 4624, true},
		{"linux", Logsource{Product: "linux", Category: "process_creation"}, ChannelSysmon, 1, false},
	}
	for _, tc := range cases {
		if got := Applies(tc.ls, tc.channel, tc.id); got != tc.want {
			t.Errorf("%s: Applies(%+v, %q, %d) = %v, want %v", tc.name, tc.ls, tc.channel, tc.id, got, tc.want)
		}
	}
}
