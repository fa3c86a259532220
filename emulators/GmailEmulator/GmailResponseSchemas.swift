/// Each method's response schema by method id, and every schema's members with the schema each one
/// holds (`name>Schema`; `>*` an open map or inline object), from the discovery document as shipped in
/// google-api-python-client, in `FieldMaskSchema`'s compact text: what a `fields` mask is checked against.
extension GmailEmulator {
    static let responseSchemas: [String: String] = [
        "users.drafts.create": "Draft",
        "users.drafts.get": "Draft",
        "users.drafts.list": "ListDraftsResponse",
        "users.drafts.send": "Message",
        "users.drafts.update": "Draft",
        "users.getProfile": "Profile",
        "users.history.list": "ListHistoryResponse",
        "users.labels.create": "Label",
        "users.labels.get": "Label",
        "users.labels.list": "ListLabelsResponse",
        "users.labels.patch": "Label",
        "users.labels.update": "Label",
        "users.messages.attachments.get": "MessagePartBody",
        "users.messages.get": "Message",
        "users.messages.import": "Message",
        "users.messages.insert": "Message",
        "users.messages.list": "ListMessagesResponse",
        "users.messages.modify": "Message",
        "users.messages.send": "Message",
        "users.messages.trash": "Message",
        "users.messages.untrash": "Message",
        "users.settings.cse.identities.create": "CseIdentity",
        "users.settings.cse.identities.get": "CseIdentity",
        "users.settings.cse.identities.list": "ListCseIdentitiesResponse",
        "users.settings.cse.identities.patch": "CseIdentity",
        "users.settings.cse.keypairs.create": "CseKeyPair",
        "users.settings.cse.keypairs.disable": "CseKeyPair",
        "users.settings.cse.keypairs.enable": "CseKeyPair",
        "users.settings.cse.keypairs.get": "CseKeyPair",
        "users.settings.cse.keypairs.list": "ListCseKeyPairsResponse",
        "users.settings.delegates.create": "Delegate",
        "users.settings.delegates.get": "Delegate",
        "users.settings.delegates.list": "ListDelegatesResponse",
        "users.settings.filters.create": "Filter",
        "users.settings.filters.get": "Filter",
        "users.settings.filters.list": "ListFiltersResponse",
        "users.settings.forwardingAddresses.create": "ForwardingAddress",
        "users.settings.forwardingAddresses.get": "ForwardingAddress",
        "users.settings.forwardingAddresses.list": "ListForwardingAddressesResponse",
        "users.settings.getAutoForwarding": "AutoForwarding",
        "users.settings.getImap": "ImapSettings",
        "users.settings.getLanguage": "LanguageSettings",
        "users.settings.getPop": "PopSettings",
        "users.settings.getVacation": "VacationSettings",
        "users.settings.sendAs.create": "SendAs",
        "users.settings.sendAs.get": "SendAs",
        "users.settings.sendAs.list": "ListSendAsResponse",
        "users.settings.sendAs.patch": "SendAs",
        "users.settings.sendAs.smimeInfo.get": "SmimeInfo",
        "users.settings.sendAs.smimeInfo.insert": "SmimeInfo",
        "users.settings.sendAs.smimeInfo.list": "ListSmimeInfoResponse",
        "users.settings.sendAs.update": "SendAs",
        "users.settings.updateAutoForwarding": "AutoForwarding",
        "users.settings.updateImap": "ImapSettings",
        "users.settings.updateLanguage": "LanguageSettings",
        "users.settings.updatePop": "PopSettings",
        "users.settings.updateVacation": "VacationSettings",
        "users.threads.get": "Thread",
        "users.threads.list": "ListThreadsResponse",
        "users.threads.modify": "Thread",
        "users.threads.trash": "Thread",
        "users.threads.untrash": "Thread",
        "users.watch": "WatchResponse",
    ]

    static let schemaText = """
        AutoForwarding=disposition|emailAddress|enabled;BatchDeleteMessagesRequest=ids;
        BatchModifyMessagesRequest=addClassificationLabels>ClassificationLabelValue|addLabelIds|ids|removeClassificationLabelIds|removeLabelIds;
        ClassificationLabelFieldValue=fieldId|selection;
        ClassificationLabelValue=fields>ClassificationLabelFieldValue|labelId;
        CseIdentity=emailAddress|primaryKeyPairId|signAndEncryptKeyPairs>SignAndEncryptKeyPairs;
        CseKeyPair=disableTime|enablementState|keyPairId|pem|pkcs7|privateKeyMetadata>CsePrivateKeyMetadata|subjectEmailAddresses;
        CsePrivateKeyMetadata=hardwareKeyMetadata>HardwareKeyMetadata|kaclsKeyMetadata>KaclsKeyMetadata|privateKeyMetadataId;
        Delegate=delegateEmail|verificationStatus;DisableCseKeyPairRequest=;Draft=id|message>Message;
        EnableCseKeyPairRequest=;Filter=action>FilterAction|criteria>FilterCriteria|id;
        FilterAction=addLabelIds|forward|removeLabelIds;
        FilterCriteria=excludeChats|from|hasAttachment|negatedQuery|query|size|sizeComparison|subject|to;
        ForwardingAddress=forwardingEmail|verificationStatus;HardwareKeyMetadata=description;
        History=id|labelsAdded>HistoryLabelAdded|labelsRemoved>HistoryLabelRemoved|messages>Message|messagesAdded>HistoryMessageAdded|messagesDeleted>HistoryMessageDeleted;
        HistoryLabelAdded=labelIds|message>Message;HistoryLabelRemoved=labelIds|message>Message;
        HistoryMessageAdded=message>Message;HistoryMessageDeleted=message>Message;
        ImapSettings=autoExpunge|enabled|expungeBehavior|maxFolderSize;KaclsKeyMetadata=kaclsData|kaclsUri;
        Label=color>LabelColor|id|labelListVisibility|messageListVisibility|messagesTotal|messagesUnread|name|threadsTotal|threadsUnread|type;
        LabelColor=backgroundColor|textColor;LanguageSettings=displayLanguage;
        ListCseIdentitiesResponse=cseIdentities>CseIdentity|nextPageToken;
        ListCseKeyPairsResponse=cseKeyPairs>CseKeyPair|nextPageToken;ListDelegatesResponse=delegates>Delegate;
        ListDraftsResponse=drafts>Draft|nextPageToken|resultSizeEstimate;ListFiltersResponse=filter>Filter;
        ListForwardingAddressesResponse=forwardingAddresses>ForwardingAddress;
        ListHistoryResponse=history>History|historyId|nextPageToken;ListLabelsResponse=labels>Label;
        ListMessagesResponse=messages>Message|nextPageToken|resultSizeEstimate;ListSendAsResponse=sendAs>SendAs;
        ListSmimeInfoResponse=smimeInfo>SmimeInfo;ListThreadsResponse=nextPageToken|resultSizeEstimate|threads>Thread;
        Message=classificationLabelValues>ClassificationLabelValue|historyId|id|internalDate|labelIds|payload>MessagePart|raw|sizeEstimate|snippet|threadId;
        MessagePart=body>MessagePartBody|filename|headers>MessagePartHeader|mimeType|partId|parts>MessagePart;
        MessagePartBody=attachmentId|data|size;MessagePartHeader=name|value;
        ModifyMessageRequest=addClassificationLabels>ClassificationLabelValue|addLabelIds|removeClassificationLabelIds|removeLabelIds;
        ModifyThreadRequest=addLabelIds|removeLabelIds;ObliterateCseKeyPairRequest=;
        PopSettings=accessWindow|disposition;Profile=emailAddress|historyId|messagesTotal|threadsTotal;
        SendAs=displayName|isDefault|isPrimary|replyToAddress|sendAsEmail|signature|smtpMsa>SmtpMsa|treatAsAlias|verificationStatus;
        SignAndEncryptKeyPairs=encryptionKeyPairId|signingKeyPairId;
        SmimeInfo=encryptedKeyPassword|expiration|id|isDefault|issuerCn|pem|pkcs12;
        SmtpMsa=host|password|port|securityMode|username;Thread=historyId|id|messages>Message|snippet;
        VacationSettings=enableAutoReply|endTime|responseBodyHtml|responseBodyPlainText|responseSubject|restrictToContacts|restrictToDomain|startTime;
        WatchRequest=labelFilterAction|labelFilterBehavior|labelIds|topicName;WatchResponse=expiration|historyId;
        """
}
