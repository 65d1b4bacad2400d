#!/bin/sh
# The feed topics of infra/config/ingest-*.json and their dead-letter topics, made once by the
# compose job 'kafka-topics' (apache/kafka image) before any ingest worker starts. Brokers do not
# auto-create topics (KAFKA_AUTO_CREATE_TOPICS_ENABLE=false): a misspelt topic is an error, not a
# new empty topic. Each member organisation's partners write to that member's topics.
set -eu
bootstrap="${KAFKA_BOOTSTRAP:-kafka-1:9092,kafka-2:9092,kafka-3:9092}"
topics_bin=/opt/kafka/bin/kafka-topics.sh

# Three brokers, every partition on all three, a write acknowledged by two (min.insync.replicas).
create() { # topic partitions
  "$topics_bin" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$1" \
    --partitions "$2" --replication-factor 3 --config min.insync.replicas=2
}

for topic in \
  customs.manifests customs.customs-status customs.port-gate customs.tax customs.movements \
  cntsn-terminal.manifests cntsn-terminal.customs-status cntsn-terminal.port-gate cntsn-terminal.tax cntsn-terminal.movements \
  cnpek-cargo.manifests cnpek-cargo.customs-status cnpek-cargo.port-gate cnpek-cargo.tax cnpek-cargo.movements
do
  # Six partitions: up to six consumers of one member's group share a feed.
  create "$topic" 6
  # Dead letters are few and read in order by 'tradechain ingest replay-dlq'.
  create "$topic.dlq" 1
done
"$topics_bin" --bootstrap-server "$bootstrap" --list
