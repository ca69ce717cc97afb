package sigma

import (
	"fmt"
	"slices"
	"strings"
)

// Logsource is the logsource section of a rule.
type Logsource struct {
	Category   string `yaml:"category"`
	Product    string `yaml:"product"`
	Service    string `yaml:"service"`
	Definition string `yaml:"definition"`
}

// Windows event log channel names as they appear in events.
const (
	ChannelSysmon            = "Microsoft-Windows-Sysmon/Operational"
	ChannelSecurity          = "Security"
	ChannelSystem            = "System"
	ChannelApplication       = "Application"
	ChannelPowerShell        = "Microsoft-Windows-PowerShell/Operational"
	ChannelPowerShellCore    = "PowerShellCore/Operational"
	ChannelPowerShellClassic = "Windows PowerShell"
)

// channelEvents is a channel and the event IDs of it a logsource covers; nil
// IDs mean every event of the channel.
type channelEvents struct {
	channel string
	ids     []int
}

func sysmon(ids ...int) []channelEvents { return []channelEvents{{ChannelSysmon, ids}} }

// windowsCategories maps Sigma's Windows logsource categories to the
// channels and event IDs that carry them, after the Sigma taxonomy appendix.
// process_creation also covers Security 4688; rules are written with Sysmon
// field names (Image, ParentImage, CommandLine), so events must answer to
// those names whichever channel they come from.
var windowsCategories = map[string][]channelEvents{
	"process_creation":          append(sysmon(1), channelEvents{ChannelSecurity, []int{4688}}),
	"file_change":               sysmon(2),
	"network_connection":        sysmon(3),
	"sysmon_status":             sysmon(4, 16),
	"process_termination":       sysmon(5),
	"driver_load":               sysmon(6),
	"image_load":                sysmon(7),
	"create_remote_thread":      sysmon(8),
	"raw_access_thread":         sysmon(9),
	"process_access":            sysmon(10),
	"file_event":                sysmon(11),
	"registry_event":            sysmon(12, 13, 14),
	"registry_add":              sysmon(12),
	"registry_delete":           sysmon(12),
	"registry_set":              sysmon(13),
	"registry_rename":           sysmon(14),
	"create_stream_hash":        sysmon(15),
	"pipe_created":              sysmon(17, 18),
	"wmi_event":                 sysmon(19, 20, 21),
	"dns_query":                 sysmon(22),
	"file_delete":               sysmon(23, 26),
	"clipboard":                 sysmon(24),
	"clipboard_capture":         sysmon(24),
	"process_tampering":         sysmon(25),
	"file_delete_detected":      sysmon(26),
	"file_block_executable":     sysmon(27),
	"file_block_shredding":      sysmon(28),
	"file_executable_detected":  sysmon(29),
	"sysmon_error":              sysmon(255),
	"ps_classic_start":          {{ChannelPowerShellClassic, []int{400}}},
	"ps_classic_provider_start": {{ChannelPowerShellClassic, []int{600}}},
	"ps_classic_script":         {{ChannelPowerShellClassic, []int{800}}},
	"ps_module":                 {{ChannelPowerShell, []int{4103}}, {ChannelPowerShellCore, []int{4103}}},
	"ps_script":                 {{ChannelPowerShell, []int{4104}}, {ChannelPowerShellCore, []int{4104}}},
}

// windowsServices maps Sigma's Windows logsource services to channels, after
// the Sigma taxonomy appendix.
var windowsServices = map[string][]string{
	"application":            {ChannelApplication},
	"application-experience": {"Microsoft-Windows-Application-Experience/Program-Telemetry", "Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant"},
	"applocker": {"Microsoft-Windows-AppLocker/MSI and Script", "Microsoft-Windows-AppLocker/EXE and DLL",
		"Microsoft-Windows-AppLocker/Packaged app-Deployment", "Microsoft-Windows-AppLocker/Packaged app-Execution"},
	"appmodel-runtime":      {"Microsoft-Windows-AppModel-Runtime/Admin"},
	"appxdeployment-server": {"Microsoft-Windows-AppXDeploymentServer/Operational"},
	"appxpackaging-om":      {"Microsoft-Windows-AppxPackaging/Operational"},
	"bitlocker":             {"Microsoft-Windows-BitLocker/BitLocker Management"},
	"bits-client":           {"Microsoft-Windows-Bits-Client/Operational"},
	"capi2":                 {"Microsoft-Windows-CAPI2/Operational"},
	"certificateservicesclient-lifecycle-system": {"Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"},
	"codeintegrity-operational":                  {"Microsoft-Windows-CodeIntegrity/Operational"},
	"dhcp":                                       {"Microsoft-Windows-DHCP-Server/Operational"},
	"diagnosis-scripted":                         {"Microsoft-Windows-Diagnosis-Scripted/Operational"},
	"dns-client":                                 {"Microsoft-Windows-DNS Client Events/Operational"},
	"dns-server":                                 {"DNS Server"},
	"dns-server-analytic":                        {"Microsoft-Windows-DNS-Server/Analytical"},
	"dns-server-audit":                           {"Microsoft-Windows-DNS-Server/Audit"},
	"driver-framework":                           {"Microsoft-Windows-DriverFrameworks-UserMode/Operational"},
	"firewall-as":                                {"Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"},
	"hyper-v-worker":                             {"Microsoft-Windows-Hyper-V-Worker"},
	"iis-configuration":                          {"Microsoft-IIS-Configuration/Operational"},
	"kernel-event-tracing":                       {"Microsoft-Windows-Kernel-EventTracing"},
	"kernel-shimengine":                          {"Microsoft-Windows-Kernel-ShimEngine/Operational", "Microsoft-Windows-Kernel-ShimEngine/Diagnostic"},
	"ldap":                                       {"Microsoft-Windows-LDAP-Client/Debug"},
	"ldap_debug":                                 {"Microsoft-Windows-LDAP-Client/Debug"},
	"lsa-server":                                 {"Microsoft-Windows-LSA/Operational"},
	"msexchange-management":                      {"MSExchange Management"},
	"ntfs":                                       {"Microsoft-Windows-Ntfs/Operational"},
	"ntlm":                                       {"Microsoft-Windows-NTLM/Operational"},
	"openssh":                                    {"OpenSSH/Operational"},
	"powershell":                                 {ChannelPowerShell},
	"powershell-classic":                         {ChannelPowerShellClassic},
	"printservice-admin":                         {"Microsoft-Windows-PrintService/Admin"},
	"printservice-operational":                   {"Microsoft-Windows-PrintService/Operational"},
	"security":                                   {ChannelSecurity},
	"security-mitigations":                       {"Microsoft-Windows-Security-Mitigations/Kernel Mode", "Microsoft-Windows-Security-Mitigations/User Mode"},
	"sense":                                      {"Microsoft-Windows-SENSE/Operational"},
	"servicebus-client":                          {"Microsoft-ServiceBus-Client/Operational", "Microsoft-ServiceBus-Client/Admin"},
	"shell-core":                                 {"Microsoft-Windows-Shell-Core/Operational"},
	"smbclient-security":                         {"Microsoft-Windows-SmbClient/Security"},
	"sysmon":                                     {ChannelSysmon},
	"system":                                     {ChannelSystem},
	"taskscheduler":                              {"Microsoft-Windows-TaskScheduler/Operational"},
	"terminalservices-localsessionmanager":       {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"},
	"vhdmp":                                      {"Microsoft-Windows-VHDMP/Operational"},
	"windefend":                                  {"Microsoft-Windows-Windows Defender/Operational"},
	"wmi":                                        {"Microsoft-Windows-WMI-Activity/Operational"},
}

// scope is the set of Windows events a logsource covers.
type scope struct {
	all   bool            // every event
	pairs []channelEvents // otherwise these; empty means none
}

// resolveLogsource maps a logsource to the events it covers. When it covers
// none, the reason says why, for RuleSet.Unsupported.
func resolveLogsource(ls Logsource) (scope, string) {
	product := strings.ToLower(ls.Product)
	category := strings.ToLower(ls.Category)
	service := strings.ToLower(ls.Service)
	if product != "" && product != "windows" {
		return scope{}, fmt.Sprintf("logsource product %q is not a Windows log source", ls.Product)
	}
	if category == "" && service == "" {
		return scope{all: true}, ""
	}
	var pairs []channelEvents
	if category != "" {
		var ok bool
		if pairs, ok = windowsCategories[category]; !ok {
			return scope{}, fmt.Sprintf("logsource category %q has no Windows event mapping", ls.Category)
		}
	}
	if service != "" {
		channels, ok := windowsServices[service]
		if !ok {
			return scope{}, fmt.Sprintf("logsource service %q has no Windows channel mapping", ls.Service)
		}
		if category == "" {
			for _, ch := range channels {
				pairs = append(pairs, channelEvents{channel: ch})
			}
		} else {
			var both []channelEvents
			for _, p := range pairs {
				if slices.Contains(channels, p.channel) {
					both = append(both, p)
				}
			}
			if len(both) == 0 {
				return scope{}, fmt.Sprintf("logsource category %q and service %q share no Windows channel", ls.Category, ls.Service)
			}
			pairs = both
		}
	}
	return scope{pairs: pairs}, ""
}

// Applies reports whether a rule with logsource ls applies to an event of
// the given channel and event ID. A rule naming only product windows (or no
// logsource at all) applies to every event; a service applies to every
// event of its channel; a category to its channels and event IDs. Channel
// names compare case-insensitively. RuleSet.Match uses an index built from
// the same tables rather than calling this per rule.
func Applies(ls Logsource, channel string, eventID int) bool {
	sc, _ := resolveLogsource(ls)
	if sc.all {
		return true
	}
	for _, p := range sc.pairs {
		if strings.EqualFold(p.channel, channel) && (p.ids == nil || slices.Contains(p.ids, eventID)) {
			return true
		}
	}
	return false
}
